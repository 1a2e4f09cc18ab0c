namespace HtapRouter.Router.Admin;

/// <summary>A result the router makes itself: text columns and rows, and its command tag.</summary>
internal sealed record AdminTable(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, string Tag)
{
    public static AdminTable Command(string tag) => new([], [], tag);
}
