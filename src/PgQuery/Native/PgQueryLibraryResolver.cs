using System.Reflection;
using System.Runtime.InteropServices;

namespace HtapRouter.PgQuery.Native;

/// <summary>
/// Finds libpg_query for <see cref="PgQueryNative"/>. Debian ships only the versioned soname at run time
/// (libpg_query.so.1504.0) and the unversioned link with the -dev package, so both are tried, newest ABI first.
/// </summary>
internal static class PgQueryLibraryResolver
{
    internal const string DebianPackage = "libpg-query-dev";

    private static readonly string[] Candidates = ["libpg_query.so.1504.0", "libpg_query.so", "pg_query"];
    private static int s_registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(PgQueryLibraryResolver).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != PgQueryNative.LibraryName)
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(
            $"libpg_query (the PostgreSQL 15 parser) was not found; tried {string.Join(", ", Candidates)}. " +
            $"Install it with: apt-get install {DebianPackage} (Debian/Ubuntu), or put libpg_query.so on the library path.");
    }
}
