namespace HtapRouter.AnalyticNode.Engine.Types;

/// <summary>
/// A result column the planner knows is PostgreSQL's character(n) (bpchar) or character varying(n), which DuckDB holds
/// as a plain VARCHAR, character(n) without its trailing blanks: it is described with its declared type, and a
/// character(n) value is sent padded with blanks to <see cref="Width"/> characters, as PostgreSQL prints it. A numeric
/// mark is a VARCHAR the query computed as numeric text (avg), sent as numeric.
/// </summary>
/// <param name="TypeOid">bpchar, varchar or numeric.</param>
/// <param name="Typmod">RowDescription's type modifier: n + 4 for a column, -1 where PostgreSQL loses it (min(), casts).</param>
/// <param name="Width">For bpchar, the length n that values are padded to; 0 for no padding.</param>
internal readonly record struct CharColumn(uint TypeOid, int Typmod, int Width);
