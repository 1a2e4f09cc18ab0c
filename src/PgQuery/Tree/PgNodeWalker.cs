using Google.Protobuf;
using PgQuery;

namespace HtapRouter.PgQuery.Tree;

/// <summary>
/// Visits parse trees. Traversal is pre-order, children in protobuf field order, and iterative, so deeply nested
/// expressions cannot overflow the stack.
/// </summary>
public static class PgNodeWalker
{
    /// <summary>
    /// Calls <paramref name="visit"/> for <paramref name="root"/> and every message below it. <c>Node</c> wrappers are
    /// looked through: <paramref name="visit"/> sees the <c>SelectStmt</c>, <c>FuncCall</c>, <c>RangeVar</c> … inside
    /// them, and also the messages held directly (<c>IntoClause</c>, <c>WithClause</c>, <c>Alias</c> …).
    /// Return false from <paramref name="visit"/> to skip that message's children.
    /// </summary>
    public static void Walk(IMessage root, Func<IMessage, bool> visit)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(visit);
        var stack = new Stack<IMessage>();
        var children = new List<NodeChild>();
        stack.Push(root);
        while (stack.TryPop(out var popped))
        {
            if (Content(popped) is { } message && visit(message))
            {
                PushChildren(stack, children, message);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for every <c>Node</c> wrapper at or below <paramref name="root"/>, for rewriting in
    /// place: replace what a wrapper holds (e.g. <c>node.AConst = ...</c>, or <see cref="PgNodes.Set"/>) and the walk
    /// continues into the replacement. Return false to skip the wrapper's children.
    /// </summary>
    public static void WalkNodes(IMessage root, Func<Node, bool> visit)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(visit);
        var stack = new Stack<IMessage>();
        var children = new List<NodeChild>();
        stack.Push(root);
        while (stack.TryPop(out var message))
        {
            if (message is Node node)
            {
                if (!visit(node) || NodeFields.Unwrap(node) is not { } inner)
                {
                    continue;
                }
                message = inner;
            }
            PushChildren(stack, children, message);
        }
    }

    /// <summary>
    /// <paramref name="root"/> and every message below it, in the order <see cref="Walk"/> visits them; use with
    /// <c>OfType&lt;FuncCall&gt;()</c> and the like.
    /// </summary>
    public static IEnumerable<IMessage> DescendantsAndSelf(IMessage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Iterate(root);

        static IEnumerable<IMessage> Iterate(IMessage root)
        {
            var stack = new Stack<IMessage>();
            var children = new List<NodeChild>();
            stack.Push(root);
            while (stack.TryPop(out var popped))
            {
                if (Content(popped) is { } message)
                {
                    yield return message;
                    PushChildren(stack, children, message);
                }
            }
        }
    }

    /// <summary>
    /// The number of messages on the longest path down from <paramref name="root"/>, <c>Node</c> wrappers included
    /// (so <c>1+1+1</c> is about two levels per operator). Anything recursing over a tree (protobuf's own
    /// <c>Clone</c>, <c>Equals</c>, <c>ToString</c>, serialization) needs stack in proportion to this.
    /// </summary>
    public static int MeasureDepth(IMessage root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var stack = new Stack<(IMessage Message, int Depth)>();
        var children = new List<NodeChild>();
        var deepest = 0;
        stack.Push((root, 1));
        while (stack.TryPop(out var entry))
        {
            deepest = Math.Max(deepest, entry.Depth);
            children.Clear();
            NodeFields.AppendChildren(entry.Message, children);
            foreach (var child in children)
            {
                stack.Push((child.Message, entry.Depth + 1));
            }
        }
        return deepest;
    }

    /// <summary>What a message stands for in the tree: a <c>Node</c> wrapper's content, any other message itself.</summary>
    private static IMessage? Content(IMessage message) => message is Node node ? NodeFields.Unwrap(node) : message;

    private static void PushChildren(Stack<IMessage> stack, List<NodeChild> children, IMessage message)
    {
        children.Clear();
        NodeFields.AppendChildren(message, children);
        for (var i = children.Count - 1; i >= 0; i--)
        {
            stack.Push(children[i].Message);
        }
    }
}
