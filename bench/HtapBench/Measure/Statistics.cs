using System.Globalization;

namespace HtapRouter.Bench.Measure;

public static class Statistics
{
    public static double Median(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the samples lie (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> samples, double fraction)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Thousands separated from 1,000 up, three significant digits below.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "-"
        : Math.Abs(value) >= 1000 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value == 0 ? "0"
        : value.ToString("G3", CultureInfo.InvariantCulture);
}
