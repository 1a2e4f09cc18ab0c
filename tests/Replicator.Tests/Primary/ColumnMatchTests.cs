using HtapRouter.Replicator.Primary;
using Column = HtapRouter.Replicator.Primary.PrimaryCatalog.CatalogColumn;
using Facts = HtapRouter.Replicator.Primary.PrimaryCatalog.ColumnFacts;

namespace HtapRouter.Replicator.Tests.Primary;

/// <summary>
/// <see cref="PrimaryCatalog.MatchColumns"/>: a Relation message's columns found in a catalog that has moved on
/// (renames, drops, adds since), so that older rows get a column's missing value whenever it can be known exactly,
/// and a column whose older rows' value cannot be known is said to be unknown.
/// </summary>
public sealed class ColumnMatchTests
{
    private static readonly Facts Plain = new(false, null);
    private static readonly Facts Unknown = new(false, null, OlderRowsUnknown: true);

    [Fact]
    public void RenamedSince_FoundAtItsPlace()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "qty", "place"], [Live("id"), Live("qty"), Live("spot", "here")]);

        Assert.Equal([Plain, Plain, new Facts(false, "here")], facts);
    }

    [Fact]
    public void RenamedSinceBetweenOthers_ColumnAddedSinceAtTheEnd_StillFound()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "place", "qty"], [Live("id"), Live("spot", "here"), Live("qty"), Live("added_later", "x")]);

        Assert.Equal([Plain, new Facts(false, "here"), Plain], facts);
    }

    [Fact]
    public void RenamedSinceAtTheEnd_ColumnAddedSince_Unknown()
    {
        // "place" may have been renamed to "spot" or to "added_later": which is not knowable, so neither is assumed.
        var facts = PrimaryCatalog.MatchColumns(["id", "place"], [Live("id"), Live("spot", "here"), Live("added_later", "x")]);

        Assert.Equal([Plain, Unknown], facts);
    }

    [Fact]
    public void DroppedSince_Unknown_OthersFoundByName()
    {
        // Dropping a column clears its missing value: whether older rows had one is no longer in the catalog.
        var facts = PrimaryCatalog.MatchColumns(["id", "gone", "qty"], [Live("id"), Dropped(2), Live("qty", "7")]);

        Assert.Equal([Plain, Unknown, new Facts(false, "7")], facts);
    }

    [Fact]
    public void DroppedBeforeAndRenamedSince_InTheSamePlace_Unknown()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "place", "qty"], [Live("id"), Dropped(2), Live("spot", "here"), Live("qty")]);

        Assert.Equal([Plain, Unknown, Plain], facts);
    }

    [Fact]
    public void NamesSwappedSince_OutOfOrderNameIsNotTrusted()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "a", "b"], [Live("id"), Live("b", "for b"), Live("a", "for a")]);

        // "a" is found after "b"'s place only if taken in order: "b" then cannot follow, and is unknown.
        Assert.Equal(Unknown, facts[2]);
    }

    [Fact]
    public void NotNull_ComesFromTheMatchedColumn()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "qty"], [new Column("id", false, true, null), Live("qty")]);

        Assert.Equal([new Facts(true, null), Plain], facts);
    }

    [Fact]
    public void ColumnThatMayFillOlderRows_WithoutMissingValue_Unknown_WithOne_Known()
    {
        // A default, identity or domain column with no missing value: a rewrite may have written values into the rows.
        var facts = PrimaryCatalog.MatchColumns(["id", "rewritten", "kept"],
            [Live("id"), Live("rewritten") with { MayFillOlderRows = true }, Live("kept", "5") with { MayFillOlderRows = true }]);

        Assert.Equal([Plain, Unknown, new Facts(false, "5")], facts);
    }

    [Fact]
    public void RelationDroppedSince_NothingUnknown()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "qty"], []);

        Assert.Equal([Plain, Plain], facts);
    }

    private static Column Live(string name, string? missing = null) => new(name, Dropped: false, NotNull: false, missing);

    private static Column Dropped(int attnum) => new($"........pg.dropped.{attnum}........", Dropped: true, NotNull: false, null);
}
