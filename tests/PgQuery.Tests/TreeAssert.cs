using Google.Protobuf;
using HtapRouter.PgQuery.Tree;

namespace HtapRouter.PgQuery.Tests;

internal static class TreeAssert
{
    /// <summary>Asserts two trees are equal apart from source locations, which differ between texts.</summary>
    public static void EqualIgnoringLocations(IMessage expected, IMessage actual) =>
        Assert.Equal(WithoutLocations(expected).ToString(), WithoutLocations(actual).ToString());

    private static IMessage WithoutLocations(IMessage tree)
    {
        var copy = tree.Descriptor.Parser.ParseFrom(tree.ToByteString());
        foreach (var message in PgNodeWalker.DescendantsAndSelf(copy))
        {
            foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
            {
                if (field.Name is "location" or "stmt_location" or "stmt_len")
                {
                    field.Accessor.Clear(message);
                }
            }
        }
        return copy;
    }
}
