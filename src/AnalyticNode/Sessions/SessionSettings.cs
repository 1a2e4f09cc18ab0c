using System.Globalization;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>
/// One session's run-time settings, as SET, RESET, SHOW, current_setting() and set_config() see them. Changes
/// made inside a transaction are undone by its rollback; SET LOCAL lasts until the transaction ends. The
/// settings that change output (DateStyle, IntervalStyle, TimeZone, extra_float_digits) feed <see cref="Format"/>.
/// </summary>
internal sealed class SessionSettings
{
    private readonly Dictionary<string, SettingDefinition> _definitions;
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _sessionDefaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, string? Previous)> _transactionUndo = [];
    private readonly List<(string Name, string? Previous)> _localUndo = [];
    private readonly HashSet<string> _changedReported = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="definitions">The settings the server knows.</param>
    /// <param name="user">The session's user, which session_authorization reports.</param>
    /// <param name="startupValues">Settings from the startup packet; an invalid one fails the session start.</param>
    public SessionSettings(IReadOnlyDictionary<string, SettingDefinition> definitions, string user,
        IEnumerable<KeyValuePair<string, string>> startupValues)
    {
        _definitions = new Dictionary<string, SettingDefinition>(definitions, StringComparer.OrdinalIgnoreCase);
        foreach (var definition in _definitions.Values)
        {
            _values[definition.Name] = definition.Default;
        }

        _values["session_authorization"] = user;

        foreach (var (name, value) in startupValues)
        {
            Set(name, value, isLocal: false, inTransaction: false);
            _sessionDefaults[name] = Get(name)!;
        }

        _changedReported.Clear();
        Format = BuildFormat();
    }

    /// <summary>The database named at startup, which current_database() reports.</summary>
    public string Database { get; init; } = string.Empty;

    /// <summary>The session's process id from BackendKeyData, which pg_backend_pid() reports.</summary>
    public int ProcessId { get; set; }

    /// <summary>The output settings in the form the type codecs take.</summary>
    public PgFormatSettings Format { get; private set; }

    /// <summary>Every reported setting with its current value, for ParameterStatus at startup.</summary>
    public IEnumerable<KeyValuePair<string, string>> Reported =>
        _definitions.Values.Where(d => d.Reported).Select(d => new KeyValuePair<string, string>(d.Name, _values[d.Name]));

    /// <summary>Reported settings changed since the last call, to send as ParameterStatus after a command.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TakeChangedReported()
    {
        if (_changedReported.Count == 0)
        {
            return [];
        }

        var changed = _changedReported.Select(n => new KeyValuePair<string, string>(_definitions[n].Name, _values[n])).ToList();
        _changedReported.Clear();
        return changed;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>SHOW's answer, or 42704 for a setting nobody defined.</summary>
    public string Show(string name) =>
        Get(name) ?? throw new PgErrorException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");

    /// <summary>The name as SHOW labels its column.</summary>
    public string CanonicalName(string name) => _definitions.TryGetValue(name, out var d) ? d.Name : name.ToLowerInvariant();

    public IEnumerable<(string Name, string Value)> All => _values.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
        .Select(p => (CanonicalName(p.Key), p.Value));

    /// <summary>SET (or set_config); returns the value now in effect.</summary>
    public string Set(string name, string value, bool isLocal, bool inTransaction)
    {
        string canonical;
        if (_definitions.TryGetValue(name, out var definition))
        {
            if (definition.ReadOnly)
            {
                throw new PgErrorException("55P02", $"parameter \"{definition.Name}\" cannot be changed");
            }

            canonical = definition.Normalize?.Invoke(value) ?? value;
        }
        else if (name.Contains('.', StringComparison.Ordinal))
        {
            canonical = value; // a custom placeholder such as myapp.tenant, allowed as in PostgreSQL
        }
        else
        {
            throw new PgErrorException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        }

        if (isLocal && !inTransaction)
        {
            return Get(name) ?? canonical; // PostgreSQL warns and ignores SET LOCAL outside a transaction block
        }

        var previous = Get(name);
        (isLocal ? _localUndo : _transactionUndo).Add((name, previous));
        if (!inTransaction)
        {
            _transactionUndo.Clear();
        }

        Assign(name, canonical);
        return canonical;
    }

    /// <summary>RESET: back to the value the session started with.</summary>
    public void Reset(string name, bool inTransaction)
    {
        var value = _sessionDefaults.TryGetValue(name, out var startup) ? startup
            : _definitions.TryGetValue(name, out var definition) ? definition.Default
            : name.Contains('.', StringComparison.Ordinal) ? string.Empty
            : throw new PgErrorException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        if (_definitions.TryGetValue(name, out var d) && d.ReadOnly)
        {
            throw new PgErrorException("55P02", $"parameter \"{d.Name}\" cannot be changed");
        }

        if (inTransaction)
        {
            _transactionUndo.Add((name, Get(name)));
        }

        Assign(name, value);
    }

    public void ResetAll(bool inTransaction)
    {
        foreach (var definition in _definitions.Values.Where(d => !d.ReadOnly))
        {
            Reset(definition.Name, inTransaction);
        }
    }

    /// <summary>The transaction ended: SET LOCAL values go away; on rollback, so do its plain SETs.</summary>
    public void EndTransaction(bool committed)
    {
        Undo(_localUndo);
        if (!committed)
        {
            Undo(_transactionUndo);
        }

        _transactionUndo.Clear();
    }

    private void Undo(List<(string Name, string? Previous)> undo)
    {
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            var (name, previous) = undo[i];
            if (previous is null)
            {
                _values.Remove(name);
            }
            else
            {
                Assign(name, previous);
            }
        }

        undo.Clear();
    }

    private void Assign(string name, string value)
    {
        var changed = !_values.TryGetValue(name, out var old) || old != value;
        _values[name] = value;
        _definitions.TryGetValue(name, out var d);
        if (changed && d is { Reported: true })
        {
            _changedReported.Add(d.Name);
        }

        if (changed && d is not null)
        {
            Format = BuildFormat();
        }
    }

    private PgFormatSettings BuildFormat() => new()
    {
        ExtraFloatDigits = int.Parse(_values["extra_float_digits"], CultureInfo.InvariantCulture),
        DateStyle = SettingRules.ToDateStyle(_values["DateStyle"]),
        DateOrder = SettingRules.ToDateOrder(_values["DateStyle"]),
        IntervalStyle = SettingRules.ToIntervalStyle(_values["IntervalStyle"]),
        TimeZone = SettingRules.ToTimeZone(_values["TimeZone"]),
    };

    /// <summary>A statement_timeout in milliseconds; 0 means none.</summary>
    public long StatementTimeoutMilliseconds => SettingRules.ParseMilliseconds("statement_timeout", _values["statement_timeout"]);
}
