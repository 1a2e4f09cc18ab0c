namespace HtapRouter.AnalyticNode.Engine.Types;

/// <summary>
/// A result column the planner knows is PostgreSQL's character(n) (bpchar) or character varying(n), which DuckDB holds
/// as a plain VARCHAR, character(n) without its trailing blanks: it is described with its declared type, and a
/// character(n) value is sent padded with blanks to <see cref="Width"/> characters, as PostgreSQL prints it. A numeric
/// mark is a VARCHAR the query computed as numeric text (avg), sent as numeric; a <paramref name="DecimalOnly"/> one
/// gives a column DuckDB computes as DECIMAL PostgreSQL's type modifier for it, which only a column of a table or a
/// cast keeps (DuckDB's DECIMAL(p,s) of arithmetic, aggregates and functions is -1 in PostgreSQL). A record mark is a
/// ROW(...) column whose STRUCT holds such VARCHARs: its binary form names each field's type.
/// </summary>
/// <param name="TypeOid">bpchar, varchar, numeric, record, or inet or cidr (a VARCHAR of its text, sent as that type).</param>
/// <param name="Typmod">RowDescription's type modifier: n + 4 for a column, -1 where PostgreSQL loses it (min(), casts).</param>
/// <param name="Width">For bpchar, the length n that values are padded to; 0 for no padding.</param>
/// <param name="DecimalOnly">A numeric mark for a DECIMAL result only, never for text.</param>
internal readonly record struct CharColumn(uint TypeOid, int Typmod, int Width, bool DecimalOnly = false)
{
    /// <summary>For a record, its fields' marks by position (null for a field DuckDB describes as PostgreSQL does).</summary>
    public IReadOnlyList<CharColumn?>? Fields { get; init; }
}
