using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using PgQuery;

namespace HtapRouter.PgQuery.Tree;

/// <summary>
/// Reflection over the generated messages, cached per message type. A <c>Node</c> is a oneof over some 240 message
/// fields, so its one set field is found through the case number rather than by trying them all.
/// </summary>
internal static class NodeFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> MessageFields = new();
    private static readonly FieldDescriptor?[] NodeFieldsByCase = BuildNodeFieldsByCase();
    private static readonly Dictionary<MessageDescriptor, FieldDescriptor> NodeFieldsByType =
        Node.Descriptor.Fields.InDeclarationOrder().ToDictionary(f => f.MessageType);

    /// <summary>The message inside a <c>Node</c> wrapper, or null when none is set.</summary>
    public static IMessage? Unwrap(Node node)
    {
        var number = (int)node.NodeCase;
        return number < NodeFieldsByCase.Length && NodeFieldsByCase[number] is { } field
            ? (IMessage?)field.Accessor.GetValue(node)
            : null;
    }

    /// <summary>Sets the <c>Node</c> field that holds messages of this type; false when no field does.</summary>
    public static bool TrySet(Node node, IMessage value)
    {
        if (!NodeFieldsByType.TryGetValue(value.Descriptor, out var field))
        {
            return false;
        }
        field.Accessor.SetValue(node, value);
        return true;
    }

    /// <summary>
    /// Appends the messages directly inside <paramref name="message"/> in field order; for a <c>Node</c>, the message
    /// it wraps.
    /// </summary>
    public static void AppendChildren(IMessage message, List<NodeChild> children)
    {
        if (message is Node node)
        {
            if (Unwrap(node) is { } inner)
            {
                children.Add(new NodeChild(NodeFieldsByCase[(int)node.NodeCase]!, inner));
            }
            return;
        }
        foreach (var field in MessageFields.GetOrAdd(message.Descriptor, FindMessageFields))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (IMessage item in (IList)value)
                {
                    children.Add(new NodeChild(field, item));
                }
            }
            else if (value is IMessage single)
            {
                children.Add(new NodeChild(field, single));
            }
        }
    }

    private static FieldDescriptor[] FindMessageFields(MessageDescriptor descriptor) =>
        [.. descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message)];

    private static FieldDescriptor?[] BuildNodeFieldsByCase()
    {
        var fields = Node.Descriptor.Fields.InDeclarationOrder();
        var byCase = new FieldDescriptor?[fields.Max(f => f.FieldNumber) + 1];
        foreach (var field in fields)
        {
            byCase[field.FieldNumber] = field;
        }
        return byCase;
    }
}

/// <summary>A message inside another one, and the field that holds it.</summary>
internal readonly record struct NodeChild(FieldDescriptor Field, IMessage Message);
