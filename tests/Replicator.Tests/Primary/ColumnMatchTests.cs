using HtapRouter.Replicator.Primary;
using Column = HtapRouter.Replicator.Primary.PrimaryCatalog.CatalogColumn;

namespace HtapRouter.Replicator.Tests.Primary;

/// <summary>
/// <see cref="PrimaryCatalog.MatchColumns"/>: a Relation message's columns found in a catalog that has moved on
/// (renames, drops, adds since), so that older rows get a column's missing value whenever it can be known exactly.
/// </summary>
public sealed class ColumnMatchTests
{
    [Fact]
    public void RenamedSince_FoundAtItsPlace()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "qty", "place"], [Live("id"), Live("qty"), Live("spot", "here")]);

        Assert.Equal([(false, null), (false, null), (false, "here")], facts);
    }

    [Fact]
    public void RenamedSinceBetweenOthers_ColumnAddedSinceAtTheEnd_StillFound()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "place", "qty"], [Live("id"), Live("spot", "here"), Live("qty"), Live("added_later", "x")]);

        Assert.Equal([(false, null), (false, "here"), (false, null)], facts);
    }

    [Fact]
    public void RenamedSinceAtTheEnd_ColumnAddedSince_LeftUnknown()
    {
        // "place" may have been renamed to "spot" or to "added_later": which is not knowable, so neither is assumed.
        var facts = PrimaryCatalog.MatchColumns(["id", "place"], [Live("id"), Live("spot", "here"), Live("added_later", "x")]);

        Assert.Equal([(false, null), (false, null)], facts);
    }

    [Fact]
    public void DroppedSince_LeftUnknown_OthersFoundByName()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "gone", "qty"], [Live("id"), new Column("........pg.dropped.2........", true, false, null), Live("qty", "7")]);

        Assert.Equal([(false, null), (false, null), (false, "7")], facts);
    }

    [Fact]
    public void DroppedBeforeAndRenamedSince_InTheSamePlace_LeftUnknown()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "place", "qty"],
            [Live("id"), new Column("........pg.dropped.2........", true, false, null), Live("spot", "here"), Live("qty")]);

        Assert.Equal([(false, null), (false, null), (false, null)], facts);
    }

    [Fact]
    public void NamesSwappedSince_OutOfOrderNameIsNotTrusted()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "a", "b"], [Live("id"), Live("b", "for b"), Live("a", "for a")]);

        // "a" is found after "b"'s place only if taken in order: "b" then cannot follow, and is left unknown.
        Assert.Equal((false, (string?)null), facts[2]);
    }

    [Fact]
    public void NotNull_ComesFromTheMatchedColumn()
    {
        var facts = PrimaryCatalog.MatchColumns(["id", "qty"], [new Column("id", false, true, null), Live("qty")]);

        Assert.Equal([(true, null), (false, null)], facts);
    }

    private static Column Live(string name, string? missing = null) => new(name, Dropped: false, NotNull: false, missing);
}
