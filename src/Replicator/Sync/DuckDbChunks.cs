using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// The part of DuckDB's C API the initial copy fills tables with: an appender, a data chunk of the appender's column
/// types, its vectors' raw memory and string assignment. Declared here on plain pointers, against the libduckdb that
/// DuckDB.NET ships, because the copy calls some of them once per value and DuckDB.NET's handles cost a reference
/// count on every call.
/// </summary>
internal static unsafe partial class DuckDbChunks
{
    private const string Library = "duckdb";

    static DuckDbChunks() => NativeLibrary.SetDllImportResolver(typeof(DuckDbChunks).Assembly, Resolve);

    /// <summary>Runs the static constructor, so the resolver is in place before the first call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void EnsureLoaded()
    {
    }

    /// <summary>DuckDB's type ids (duckdb_type) that the copy writes.</summary>
    public enum TypeId
    {
        Boolean = 1,
        SmallInt = 3,
        Integer = 4,
        BigInt = 5,
        UInteger = 8,
        Float = 10,
        Double = 11,
        Timestamp = 12,
        Date = 13,
        Time = 14,
        Interval = 15,
        HugeInt = 16,
        Varchar = 17,
        Blob = 18,
        Decimal = 19,
        Uuid = 27,
        TimestampTz = 31,
    }

    [LibraryImport(Library, EntryPoint = "duckdb_appender_create_ext", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppenderCreate(IntPtr connection, string? catalog, string? schema, string table, out IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_add_column", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppenderAddColumn(IntPtr appender, string name);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_count")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong AppenderColumnCount(IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_column_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr AppenderColumnType(IntPtr appender, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_error")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* AppenderError(IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_append_data_chunk")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppendDataChunk(IntPtr appender, IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_flush")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppenderFlush(IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_clear")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppenderClear(IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_appender_destroy")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AppenderDestroy(ref IntPtr appender);

    [LibraryImport(Library, EntryPoint = "duckdb_get_type_id")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int TypeIdOf(IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_width")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte DecimalWidth(IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_decimal_scale")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte DecimalScale(IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_logical_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DestroyLogicalType(ref IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_create_data_chunk")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr CreateDataChunk(IntPtr* types, ulong count);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_data_chunk")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DestroyDataChunk(ref IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_reset")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DataChunkReset(IntPtr chunk);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_set_size")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DataChunkSetSize(IntPtr chunk, ulong size);

    [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_vector")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr DataChunkGetVector(IntPtr chunk, ulong column);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void* VectorGetData(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_get_validity")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong* VectorGetValidity(IntPtr vector);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void VectorEnsureValidityWritable(IntPtr vector);

    [SuppressGCTransition]
    [LibraryImport(Library, EntryPoint = "duckdb_vector_assign_string_element_len")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void VectorAssignString(IntPtr vector, ulong row, byte* value, ulong length);

    [LibraryImport(Library, EntryPoint = "duckdb_vector_size")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong VectorSize();

    /// <summary>The appender's last error, or a generic text when it has none.</summary>
    public static string ErrorOf(IntPtr appender)
    {
        var error = appender == IntPtr.Zero ? null : AppenderError(appender);
        return error == null ? "unknown appender error" : Marshal.PtrToStringUTF8((IntPtr)error) ?? "unknown appender error";
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(Library, typeof(NativeMethods).Assembly, searchPath) : IntPtr.Zero;
}
