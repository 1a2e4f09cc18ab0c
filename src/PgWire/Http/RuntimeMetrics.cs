using System.Diagnostics;
using System.Runtime;

namespace HtapRouter.PgWire.Http;

/// <summary>
/// The process's own figures in Prometheus' conventional names (process_*, dotnet_*): CPU time, memory, and the
/// garbage collector's work, so that what a server costs under load can be read off /metrics without a profiler.
/// </summary>
public static class RuntimeMetrics
{
    public static void Write(PrometheusText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var process = Process.GetCurrentProcess();
        text.Family("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.")
            .Sample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        text.Family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
            .Sample("process_resident_memory_bytes", process.WorkingSet64);
        text.Family("process_threads", "gauge", "Threads in the process.")
            .Sample("process_threads", process.Threads.Count);

        text.Family("dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since the process started.")
            .Sample("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes());
        text.Family("dotnet_gc_collections_total", "counter", "Garbage collections, by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Sample("dotnet_gc_collections_total", GC.CollectionCount(generation),
                ("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        text.Family("dotnet_gc_pause_seconds_total", "counter", "Time the garbage collector paused the process, in seconds.")
            .Sample("dotnet_gc_pause_seconds_total", GC.GetTotalPauseDuration().TotalSeconds);
        text.Family("dotnet_gc_heap_bytes", "gauge", "Managed heap size after the last collection, in bytes.")
            .Sample("dotnet_gc_heap_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
        text.Family("dotnet_gc_server", "gauge", "1 when the server garbage collector is in use.")
            .Sample("dotnet_gc_server", GCSettings.IsServerGC ? 1 : 0);
    }
}
