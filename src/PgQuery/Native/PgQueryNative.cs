using System.Runtime.InteropServices;

namespace HtapRouter.PgQuery.Native;

/// <summary>
/// The few libpg_query entry points this library needs. Every result struct owns native memory and must be handed
/// back to its matching free function, even when it carries an error.
/// </summary>
internal static unsafe partial class PgQueryNative
{
    internal const string LibraryName = "pg_query";

    static PgQueryNative() => PgQueryLibraryResolver.Register();

    [LibraryImport(LibraryName, EntryPoint = "pg_query_parse_protobuf")]
    internal static partial ProtobufParseResult ParseProtobuf(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_protobuf_parse_result")]
    internal static partial void FreeProtobufParseResult(ProtobufParseResult result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_scan")]
    internal static partial ProtobufScanResult Scan(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_scan_result")]
    internal static partial void FreeScanResult(ProtobufScanResult result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_deparse_protobuf")]
    internal static partial DeparseResult DeparseProtobuf(Protobuf parseTree);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_deparse_result")]
    internal static partial void FreeDeparseResult(DeparseResult result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_normalize")]
    internal static partial NormalizeResult Normalize(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_normalize_result")]
    internal static partial void FreeNormalizeResult(NormalizeResult result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_fingerprint")]
    internal static partial FingerprintResult Fingerprint(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_fingerprint_result")]
    internal static partial void FreeFingerprintResult(FingerprintResult result);

    [StructLayout(LayoutKind.Sequential)]
    internal struct Error
    {
        public byte* Message;
        public byte* FunctionName;
        public byte* FileName;
        public int LineNumber;
        /// <summary>1-based position in code points (libpg_query parses as UTF-8); 0 when the error has none.</summary>
        public int CursorPosition;
        public byte* Context;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Protobuf
    {
        public nuint Length;
        public byte* Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ProtobufParseResult
    {
        public Protobuf ParseTree;
        public byte* StderrBuffer;
        public Error* Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ProtobufScanResult
    {
        public Protobuf Tokens;
        public byte* StderrBuffer;
        public Error* Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct DeparseResult
    {
        public byte* Query;
        public Error* Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct NormalizeResult
    {
        public byte* NormalizedQuery;
        public Error* Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct FingerprintResult
    {
        public ulong Fingerprint;
        public byte* FingerprintString;
        public byte* StderrBuffer;
        public Error* Error;
    }
}
