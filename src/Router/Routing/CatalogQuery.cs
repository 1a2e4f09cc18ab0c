namespace HtapRouter.Router.Routing;

/// <summary>
/// Runs one catalog query on a node and returns its rows, each column as text (null for SQL NULL). Wire it to a
/// backend connection, e.g. <c>async (sql, ct) =&gt; (await connection.QueryAsync(sql, ct)).Rows</c>.
/// </summary>
public delegate Task<IReadOnlyList<string?[]>> CatalogQuery(string sql, CancellationToken cancellationToken);
