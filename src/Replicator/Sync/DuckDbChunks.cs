using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// The part of DuckDB's C API the initial copy fills tables with: a table function (<see cref="CopyScan"/>) whose
/// data chunks it writes straight into, their vectors' raw memory and string assignment. Declared here on plain
/// pointers, against the libduckdb that DuckDB.NET ships, because the copy calls some of them once per value and
/// DuckDB.NET's handles cost a reference count on every call; DuckDB.NET has no table functions of this kind.
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

    [LibraryImport(Library, EntryPoint = "duckdb_create_logical_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr CreateLogicalType(TypeId type);

    [LibraryImport(Library, EntryPoint = "duckdb_create_decimal_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr CreateDecimalType(byte width, byte scale);

    [LibraryImport(Library, EntryPoint = "duckdb_logical_type_set_alias", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void LogicalTypeSetAlias(IntPtr logicalType, string alias);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_logical_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DestroyLogicalType(ref IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_create_table_function")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr CreateTableFunction();

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_table_function")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DestroyTableFunction(ref IntPtr function);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_name", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionSetName(IntPtr function, string name);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_add_parameter")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionAddParameter(IntPtr function, IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_bind")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionSetBind(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, void> bind);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionSetInit(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, void> init);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_local_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionSetLocalInit(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, void> init);

    [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_function")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void TableFunctionSetFunction(IntPtr function, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, void> scan);

    [LibraryImport(Library, EntryPoint = "duckdb_register_table_function")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int RegisterTableFunction(IntPtr connection, IntPtr function);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_get_parameter")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr BindGetParameter(IntPtr info, ulong index);

    [LibraryImport(Library, EntryPoint = "duckdb_get_int64")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long GetInt64(IntPtr value);

    [LibraryImport(Library, EntryPoint = "duckdb_destroy_value")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void DestroyValue(ref IntPtr value);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_add_result_column", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void BindAddResultColumn(IntPtr info, string name, IntPtr logicalType);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_set_bind_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void BindSetBindData(IntPtr info, IntPtr data, IntPtr destroy);

    [LibraryImport(Library, EntryPoint = "duckdb_bind_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void BindSetError(IntPtr info, string error);

    [LibraryImport(Library, EntryPoint = "duckdb_init_get_bind_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr InitGetBindData(IntPtr info);

    [LibraryImport(Library, EntryPoint = "duckdb_init_set_init_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void InitSetInitData(IntPtr info, IntPtr data, delegate* unmanaged[Cdecl]<IntPtr, void> destroy);

    [LibraryImport(Library, EntryPoint = "duckdb_init_set_max_threads")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void InitSetMaxThreads(IntPtr info, ulong threads);

    [LibraryImport(Library, EntryPoint = "duckdb_init_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void InitSetError(IntPtr info, string error);

    [LibraryImport(Library, EntryPoint = "duckdb_function_get_local_init_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr FunctionGetLocalInitData(IntPtr info);

    [LibraryImport(Library, EntryPoint = "duckdb_function_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void FunctionSetError(IntPtr info, string error);

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

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(Library, typeof(NativeMethods).Assembly, searchPath) : IntPtr.Zero;
}
