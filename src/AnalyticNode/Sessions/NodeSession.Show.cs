using System.Text;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Sessions;

internal sealed partial class NodeSession
{
    /// <summary>The columns SHOW returns: the setting's name, or name/setting/description for SHOW ALL.</summary>
    private IReadOnlyList<PgFieldDescription> ShowColumns(ShowStatement show) =>
        show.Name.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [TextColumn("name"), TextColumn("setting"), TextColumn("description")]
            : [TextColumn(Settings.CanonicalName(show.Name))];

    private static PgFieldDescription TextColumn(string name, short format = 0) =>
        new(name, 0, 0, PgTypeOid.Text, -1, -1, format);

    private void RunShow(ShowStatement show, Portal? portal)
    {
        var all = show.Name.Equals("all", StringComparison.OrdinalIgnoreCase);
        var value = all ? null : Settings.Show(show.Name);
        if (portal is null)
        {
            var description = new RowDescriptionMessage();
            description.Fields.AddRange(ShowColumns(show));
            description.Write(Transport.Output);
        }

        if (all)
        {
            foreach (var (name, setting) in Settings.All)
            {
                _rows.BeginRow(3);
                _rows.WriteValue(Encoding.UTF8.GetBytes(name));
                _rows.WriteValue(Encoding.UTF8.GetBytes(setting));
                _rows.WriteValue(""u8);
                _rows.EndRow(Transport.Output);
            }
        }
        else
        {
            _rows.BeginRow(1);
            _rows.WriteValue(Encoding.UTF8.GetBytes(value!));
            _rows.EndRow(Transport.Output);
        }

        CommandCompleteMessage.Write(Transport.Output, "SHOW");
    }
}
