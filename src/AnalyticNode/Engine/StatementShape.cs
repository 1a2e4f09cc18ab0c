using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// What preparing found out about a statement. <see cref="PositionOffset"/> is how many UTF-8 bytes the
/// engine put before the client's SQL when it had to wrap it, so error positions can be moved back.
/// </summary>
internal sealed record StatementShape(
    DuckDbStatementKind Kind, IReadOnlyList<uint> ParameterTypes, IReadOnlyList<PgFieldDescription> Columns, int PositionOffset);
