namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>Where a pgpool.conf line is: the file as named (the main file as given, an include as resolved) and its 1-based line.</summary>
internal readonly record struct PgpoolConfLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One "key = value" of a pgpool.conf: the value as pgpool reads it, quotes removed and backslashes kept.</summary>
internal readonly record struct PgpoolConfEntry(string Key, string Value, PgpoolConfLocation Location);
