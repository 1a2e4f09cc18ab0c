namespace HtapRouter.TestSupport.Postgres;

/// <summary>Where a test's PostgreSQL server came from, in the order the fixture tries them.</summary>
public enum PostgresServerKind
{
    /// <summary>An existing server named by <c>HTAP_TEST_PG</c>; left running afterwards.</summary>
    External,

    /// <summary>A throw-away cluster made with initdb from locally installed server binaries.</summary>
    Local,

    /// <summary>A throw-away Docker container started through Testcontainers.</summary>
    Container,
}
