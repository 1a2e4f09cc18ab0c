using System.Text;
using System.Text.Json;
using DuckDB.NET.Native;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Engine.Errors;

/// <summary>
/// Turns a DuckDB error into a PostgreSQL error with a SQLSTATE and, where DuckDB's wording differs,
/// PostgreSQL's message. Sessions set errors_as_json, so most messages arrive as JSON with the
/// exception type, the message, a 0-based byte position and, for missing objects, the object's name.
/// </summary>
internal static class DuckDbErrorMapper
{
    public static PgErrorException ToException(string duckDbMessage, DuckDBErrorType errorType, string? query = null, int positionOffset = 0) =>
        new(Map(duckDbMessage, errorType, query, positionOffset));

    public static PgError Map(string duckDbMessage, DuckDBErrorType errorType, string? query = null, int positionOffset = 0)
    {
        var details = DuckDbErrorDetails.Parse(duckDbMessage);
        var kind = Normalize(details.ExceptionType);
        var (sqlState, message) = Classify(kind, errorType, details);
        return PgError.Error(sqlState, message) with { Position = ToCharacterPosition(query, details.Position - positionOffset) };
    }

    private static (string SqlState, string Message) Classify(string kind, DuckDBErrorType errorType, DuckDbErrorDetails details)
    {
        var message = details.Message;
        switch (kind)
        {
            case "parser" or "syntax":
                return (SqlState.SyntaxError, message);
            case "catalog" when details.Subtype == "MISSING_ENTRY":
                return MissingEntry(details);
            case "catalog" when details.Subtype == "ENTRY_ALREADY_EXISTS":
                return (EngineSqlState.DuplicateObject, message);
            case "binder" when details.Subtype == "COLUMN_NOT_FOUND" && details.Name is { } column:
                return (SqlState.UndefinedColumn, $"column \"{column}\" does not exist");
            case "binder" when message.Contains("function", StringComparison.OrdinalIgnoreCase):
                return (SqlState.UndefinedFunction, message);
            case "binder" or "catalog":
                return (EngineSqlState.SyntaxErrorOrAccessRuleViolation, message);
            case "conversion":
                return DuckDbConversionMessages.Translate(message);
            case "outofrange":
                return (SqlState.NumericValueOutOfRange, message);
            case "dividebyzero":
                return (SqlState.DivisionByZero, "division by zero");
            case "interrupt":
                return (SqlState.QueryCanceled, "canceling statement due to user request");
            case "notimplemented":
                return (SqlState.FeatureNotSupported, message);
            case "invalidinput" when message == "division by zero":
                // The query rewriter's division raises this, as PostgreSQL does for any division by zero.
                return (SqlState.DivisionByZero, message);
            case "invalidinput" when message.StartsWith("invalid input syntax for type ", StringComparison.Ordinal):
                // The query rewriter's decode(..., 'escape') raises this, as PostgreSQL's byteain does.
                return (SqlState.InvalidTextRepresentation, message);
            case "invalidinput" when message.StartsWith("invalid cidr value: ", StringComparison.Ordinal):
                // The node's cidr input (InetFunctions) raises this, as PostgreSQL's cidr_in does.
                return (SqlState.InvalidTextRepresentation, message);
            case "invalidinput" when message.EndsWith(" is not supported by the analytic node", StringComparison.Ordinal):
                // A function the node computes only in part (InetFunctions' abbrev of an IPv6 network).
                return (SqlState.FeatureNotSupported, message);
            case "invalidinput":
                return (SqlState.InvalidParameterValue, message);
            case "constraint":
                return (EngineSqlState.IntegrityConstraintViolation, message);
            case "transaction" or "transactioncontext":
                return (SqlState.InvalidTransactionState, message);
            case "permission":
                return (SqlState.InsufficientPrivilege, message);
            case "outofmemory":
                return (SqlState.OutOfMemory, message);
        }

        return errorType switch
        {
            DuckDBErrorType.Interrupt => (SqlState.QueryCanceled, "canceling statement due to user request"),
            DuckDBErrorType.Conversion => (SqlState.InvalidTextRepresentation, message),
            DuckDBErrorType.OutOfRange => (SqlState.NumericValueOutOfRange, message),
            DuckDBErrorType.DivideByZero => (SqlState.DivisionByZero, "division by zero"),
            _ => (SqlState.InternalError, message),
        };
    }

    private static (string SqlState, string Message) MissingEntry(DuckDbErrorDetails details)
    {
        var name = details.Name ?? "";
        var type = details.EntryType ?? "";
        if (type.Contains("Function", StringComparison.OrdinalIgnoreCase) || type.Contains("Macro", StringComparison.OrdinalIgnoreCase))
        {
            return (SqlState.UndefinedFunction, $"function {name} does not exist");
        }

        return type switch
        {
            "Table" or "View" or "Sequence" or "Table Function" => (SqlState.UndefinedTable, $"relation \"{name}\" does not exist"),
            "Schema" => (EngineSqlState.InvalidSchemaName, $"schema \"{name}\" does not exist"),
            "Type" => (SqlState.UndefinedObject, $"type \"{name}\" does not exist"),
            _ => (SqlState.UndefinedObject, details.Message),
        };
    }

    /// <summary>"Out of Range" → "outofrange", so text and JSON spellings compare alike.</summary>
    private static string Normalize(string exceptionType)
    {
        Span<char> buffer = stackalloc char[Math.Min(exceptionType.Length, 64)];
        var length = 0;
        foreach (var c in exceptionType.AsSpan(0, buffer.Length))
        {
            if (char.IsLetter(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>DuckDB counts bytes from 0; PostgreSQL counts characters from 1.</summary>
    private static int? ToCharacterPosition(string? query, int bytePosition)
    {
        if (query is null || bytePosition < 0)
        {
            return null;
        }

        var utf8 = Encoding.UTF8.GetBytes(query);
        return bytePosition > utf8.Length ? null : Encoding.UTF8.GetCharCount(utf8, 0, bytePosition) + 1;
    }
}

/// <summary>The fields of one DuckDB error message, from its JSON form or its "Type Error: message" text form.</summary>
internal readonly record struct DuckDbErrorDetails(
    string ExceptionType, string Message, int Position, string? Subtype, string? Name, string? EntryType)
{
    private const string ErrorSeparator = " Error: ";

    public static DuckDbErrorDetails Parse(string text)
    {
        var json = text.IndexOf('{', StringComparison.Ordinal);
        if (json >= 0 && text.EndsWith('}') && TryParseJson(text.AsSpan(json), out var details))
        {
            return details;
        }

        var separator = text.IndexOf(ErrorSeparator, StringComparison.Ordinal);
        return separator < 0
            ? new DuckDbErrorDetails("", text, -1, null, null, null)
            : new DuckDbErrorDetails(text[..separator], StripContext(text[(separator + ErrorSeparator.Length)..]), -1, null, null, null);
    }

    private static bool TryParseJson(ReadOnlySpan<char> text, out DuckDbErrorDetails details)
    {
        details = default;
        try
        {
            using var document = JsonDocument.Parse(text.ToString());
            var root = document.RootElement;
            details = new DuckDbErrorDetails(
                Get(root, "exception_type") ?? "",
                StripContext(Get(root, "exception_message") ?? ""),
                int.TryParse(Get(root, "position"), out var position) ? position : -1,
                Get(root, "error_subtype"),
                Get(root, "name"),
                Get(root, "type"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Get(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Drops DuckDB's "Did you mean" and "LINE 1:" trailers; PostgreSQL reports the position separately.</summary>
    private static string StripContext(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
