namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>
/// Reads the "key = value" lines of a pgpool.conf with the syntax of pgpool-II's own scanner (pool_config.l), so a file
/// pgpool accepts reads the same here:
/// <list type="bullet">
/// <item>"#" starts a comment, also after a value; blank lines are skipped.</item>
/// <item>The "=" is optional, and one line may hold several assignments ("port = 9999 pcp_port = 9898").</item>
/// <item>A quoted value runs to the last quote that can close it: a backslash keeps the next character, quote
/// included, in the value and stays there itself, as pgpool keeps it ("'it\'s'" reads it\'s). A doubled quote ''
/// does not escape a quote in pgpool, which rejects it, so it is an error here too.</item>
/// <item>An unquoted value runs to the next space, "#" or quote. pgpool's scanner accepts fewer unquoted forms
/// (not 1.2.3.4, for one); anything it accepts reads the same.</item>
/// <item>"include = 'file'" reads another file in place, relative to the including one, at most 10 deep.</item>
/// </list>
/// Errors name the file and line, never a value, since a value may be a password.
/// </summary>
internal static class PgpoolConfReader
{
    /// <summary>pgpool's limit on nested includes.</summary>
    public const int MaxIncludeDepth = 10;

    /// <summary>Reads <paramref name="path"/> and its includes into <paramref name="entries"/>, in file order.</summary>
    public static void Read(string path, List<PgpoolConfEntry> entries, List<string> errors) =>
        ReadFile(path, include: null, depth: 0, entries, errors);

    /// <summary>Reads the lines of <paramref name="text"/>, as found in a file named <paramref name="file"/>.</summary>
    public static void ReadText(string text, string file, List<PgpoolConfEntry> entries, List<string> errors) =>
        ReadLines(text, file, depth: 0, entries, errors);

    private static void ReadFile(string path, PgpoolConfEntry? include, int depth, List<PgpoolConfEntry> entries, List<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : e.Message;
            errors.Add(include is { } at
                ? $"{at.Location}: cannot read the included file '{path}': {why}"
                : $"cannot read pgpool.conf '{path}': {why}");
            return;
        }

        ReadLines(text, path, depth, entries, errors);
    }

    private static void ReadLines(string content, string file, int depth, List<PgpoolConfEntry> entries, List<string> errors)
    {
        // Only '\n' ends a line, as in pgpool's scanner; a '\r' before it is space.
        var lineNumber = 0;
        var text = content.AsSpan();
        var line = new List<PgpoolConfEntry>();
        foreach (var range in text.Split('\n'))
        {
            lineNumber++;
            line.Clear();
            ReadLine(text[range], new PgpoolConfLocation(file, lineNumber), line, errors);
            foreach (var entry in line)
            {
                if (entry.Key == "include")
                {
                    Include(entry, depth, entries, errors);
                }
                else
                {
                    entries.Add(entry);
                }
            }
        }
    }

    private static void Include(PgpoolConfEntry include, int depth, List<PgpoolConfEntry> entries, List<string> errors)
    {
        if (depth + 1 > MaxIncludeDepth)
        {
            errors.Add($"{include.Location}: includes are nested more than {MaxIncludeDepth} deep");
            return;
        }

        var path = Path.IsPathRooted(include.Value)
            ? include.Value
            : Path.Combine(Path.GetDirectoryName(include.Location.File) ?? string.Empty, include.Value);
        ReadFile(path, include, depth + 1, entries, errors);
    }

    private static void ReadLine(ReadOnlySpan<char> line, PgpoolConfLocation at, List<PgpoolConfEntry> entries, List<string> errors)
    {
        var i = SkipSpace(line, 0);
        string? previousKey = null;
        while (i < line.Length && line[i] != '#')
        {
            if (!IsKeyStart(line[i]))
            {
                errors.Add(previousKey is null
                    ? $"{at}: syntax error at column {i + 1}: expected a setting name"
                    : $"{at}: unexpected text after the value of {previousKey}");
                return;
            }

            var keyStart = i;
            while (i < line.Length && IsKeyPart(line[i]))
            {
                i++;
            }

            var key = line[keyStart..i].ToString();
            i = SkipSpace(line, i);
            if (i < line.Length && line[i] == '=')
            {
                i = SkipSpace(line, i + 1);
            }

            if (i == line.Length || line[i] == '#')
            {
                errors.Add(previousKey is null
                    ? $"{at}: missing value for {key}"
                    : $"{at}: unexpected text after the value of {previousKey}; quote a value that contains spaces");
                return;
            }

            string value;
            if (line[i] == '\'')
            {
                var close = FindClosingQuote(line, i);
                if (close < 0)
                {
                    errors.Add($"{at}: the quoted value of {key} has no closing quote");
                    return;
                }

                value = line[(i + 1)..close].ToString();
                i = close + 1;
                if (i < line.Length && line[i] == '\'')
                {
                    errors.Add($"{at}: '' in the value of {key}: pgpool-II does not read a doubled quote as a quote (write \\' instead)");
                    return;
                }
            }
            else
            {
                var valueStart = i;
                while (i < line.Length && !IsSpace(line[i]) && line[i] is not ('#' or '\'' or '='))
                {
                    i++;
                }

                if (i == valueStart)
                {
                    errors.Add($"{at}: unexpected '=' in the value of {key}; quote the value");
                    return;
                }

                value = line[valueStart..i].ToString();
            }

            entries.Add(new PgpoolConfEntry(key, value, at));
            previousKey = key;
            i = SkipSpace(line, i);
        }
    }

    /// <summary>
    /// The closing quote of the value opened at <paramref name="open"/>, or -1. pgpool's scanner takes the longest
    /// match of '([^'\n]|\\.)*', so a quote after a backslash may be inside the value or close it, and the last quote
    /// before one that has no backslash before it (or the end of the line) closes it.
    /// </summary>
    private static int FindClosingQuote(ReadOnlySpan<char> line, int open)
    {
        var close = -1;
        for (var i = open + 1; i < line.Length; i++)
        {
            if (line[i] != '\'')
            {
                continue;
            }

            close = i;
            if (line[i - 1] != '\\' || i - 1 == open)
            {
                break;
            }
        }

        return close;
    }

    private static int SkipSpace(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && IsSpace(line[i]))
        {
            i++;
        }

        return i;
    }

    // pgpool's scanner: [ \t\r] is space; a key is a letter or '_' (or any non-ASCII byte), then those and digits.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r';

    private static bool IsKeyStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > '\x7f';

    private static bool IsKeyPart(char c) => IsKeyStart(c) || char.IsAsciiDigit(c);
}
