using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace HtapRouter.AnalyticNode.Engine.Native;

/// <summary>
/// The C API functions DuckDB.NET does not bind, declared against the same libduckdb it ships.
/// Strings DuckDB returns from these are owned by the caller and freed with duckdb_free.
/// </summary>
internal static unsafe partial class DuckDbNative
{
    private const string Library = "duckdb";

    static DuckDbNative() =>
        NativeLibrary.SetDllImportResolver(typeof(DuckDbNative).Assembly, ResolveDuckDb);

    /// <summary>Runs the static constructor, so the resolver is in place before the first call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void EnsureLoaded()
    {
    }

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBStatementType PreparedStatementType(DuckDBPreparedStatement statement);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_count")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong PreparedColumnCount(DuckDBPreparedStatement statement);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_name")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* PreparedColumnName(DuckDBPreparedStatement statement, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_logical_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBLogicalType PreparedColumnLogicalType(DuckDBPreparedStatement statement, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_param_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBType ParameterType(DuckDBPreparedStatement statement, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_logical_type_get_alias")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* LogicalTypeAlias(DuckDBLogicalType type);

    [LibraryImport(Library, EntryPoint = "duckdb_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void Free(void* pointer);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_varchar_length")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBState BindVarchar(DuckDBPreparedStatement statement, ulong index, byte* value, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_blob")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBState BindBlob(DuckDBPreparedStatement statement, ulong index, byte* value, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_timestamp_tz")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBState BindTimestampTz(DuckDBPreparedStatement statement, ulong index, long micros);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_interval")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDBState BindInterval(DuckDBPreparedStatement statement, ulong index, DuckDbIntervalValue value);

    /// <summary>Reads a string DuckDB allocated for the caller, then frees it.</summary>
    public static string TakeString(byte* value)
    {
        if (value == null)
        {
            return "";
        }

        try
        {
            return Marshal.PtrToStringUTF8((IntPtr)value) ?? "";
        }
        finally
        {
            Free(value);
        }
    }

    private static IntPtr ResolveDuckDb(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(Library, typeof(NativeMethods).Assembly, searchPath) : IntPtr.Zero;
}

/// <summary>duckdb_interval: months, days and microseconds, each counted separately as in PostgreSQL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct DuckDbIntervalValue(int Months, int Days, long Micros);
