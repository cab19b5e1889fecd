using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NativeNet.Cli.Console;
using NativeNet.Cli.Plotting;
using NativeNet.Cli.Runners;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Mpi;
using NativeNet.Distributed.Training;

namespace NativeNet.Cli.Bench;

/// <summary>
/// <c>nativenet bench allreduce</c>: under mpiexec, the time of the all-reduce training uses (<see cref="RankTreeSum"/>)
/// against the gradient's size; in one process, the compute time per step of the catalog workloads, the rate of the
/// local additions, and from them a scaling model of ring and recursive-doubling all-reduce over network links.
/// </summary>
/// <remarks>
/// The measurements of one process are taken only without mpiexec: ranks waiting in MPI poll the cores, and
/// oversubscribed ranks would time each other's share of the machine.
/// </remarks>
internal static class AllReduceBench
{
    /// <summary>The workloads the model plot draws: a small and a deep network that train data-parallel (no batch norm).</summary>
    public static readonly string[] PlottedWorkloads = ["fashion-mlp", "cifar-deep"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(AllReduceBenchOptions options, CliContext context)
        => EveryRank.Run(context, world => Measure(options, context, world));

    private static int Measure(AllReduceBenchOptions options, CliContext context, ICommunicator world)
    {
        var output = world.Rank == 0 ? context.Out : TextWriter.Null;
        var fields = new Dictionary<string, object?> { ["ranks"] = world.Size, ["gemm_kernel"] = NativeNet.Kernels.Gemm.KernelName, ["vector_bits"] = NativeNet.Kernels.VectorWidth.Bits };
        if (world.Size > 1)
        {
            var timings = options.Sizes.Select(bytes => TimeAllReduce(world, bytes, options.Repeats)).ToList();
            fields["allreduce"] = timings;
            if (!options.Json)
            {
                output.WriteLine($"all-reduce over {world.Size} ranks (recursive doubling, {Math.Log2(world.Size):0} exchanges of the whole vector), float32, slowest rank of each of {options.Repeats} repeats:");
                output.WriteLine("       bytes     best ms   median ms   GB/s (bytes / best)");
                foreach (var t in timings)
                    output.WriteLine(string.Create(Invariant, $"{(long)t["bytes"]!,12}  {t["best_ms"],10:F3}  {t["median_ms"],10:F3}  {(long)t["bytes"]! / ((double)t["best_ms"]! * 1e6),8:F2}"));
            }
        }
        else
        {
            double addRate = AddBytesPerSecond(options.Sizes.Max());
            var workloads = TrainWorkloads.All.Select(w =>
            {
                long parameters = w.BuildModel(0).ParameterCount;
                // One more element carries the loss through the same tree as the gradients.
                return new Dictionary<string, object?>
                {
                    ["workload"] = w.Name,
                    ["batch_size"] = w.BatchSize,
                    ["parameters"] = parameters,
                    ["gradient_bytes"] = (parameters + 1) * sizeof(float),
                    ["ms_per_step"] = TrainBench.Measure(w, threads: 1, options.Seconds).MillisecondsPerStep,
                };
            }).ToList();
            var model = Model(workloads, addRate, options.LatencySeconds);
            fields["add_gb_per_s"] = Math.Round(addRate / 1e9, 3);
            fields["latency_us"] = options.LatencySeconds * 1e6;
            fields["workloads"] = workloads;
            fields["model"] = model;
            if (!options.Json) WriteModel(output, workloads, model, addRate, options.LatencySeconds);
            if (options.ModelPlot is string plot)
            {
                var files = Plots.Lines(plot, "Modeled efficiency per step (batch per rank fixed)", "log₂ ranks",
                    "efficiency (%)", PlotSeriesOf(workloads, addRate, options.LatencySeconds), integerX: true);
                if (!options.Json) output.WriteLine($"wrote {string.Join(", ", files)}");
            }
        }
        if (options.Json) output.WriteLine(FieldsJson.Serialize(fields));
        return Program.Success;
    }

    // Every rank starts each repeat together (an all-gather of one byte); a repeat lasts as long as its slowest rank.
    private static Dictionary<string, object?> TimeAllReduce(ICommunicator world, long bytes, int repeats)
    {
        var sum = new float[bytes / sizeof(float)];
        var received = new float[sum.Length];
        var seconds = new double[repeats];
        Span<byte> token = stackalloc byte[1];
        var tokens = new byte[world.Size];
        for (int r = -2; r < repeats; r++)
        {
            Array.Fill(sum, 1f);
            world.AllGather(token, tokens);
            long start = Stopwatch.GetTimestamp();
            RankTreeSum.AllReduce(world, sum, received);
            if (r >= 0) seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        var all = new byte[world.Size * repeats * sizeof(double)];
        world.AllGather(MemoryMarshal.AsBytes(seconds.AsSpan()), all);
        var perRank = MemoryMarshal.Cast<byte, double>(all);
        var slowest = new double[repeats];
        for (int rank = 0; rank < world.Size; rank++)
            for (int r = 0; r < repeats; r++) slowest[r] = Math.Max(slowest[r], perRank[rank * repeats + r]);
        Array.Sort(slowest);
        return new Dictionary<string, object?>
        {
            ["bytes"] = bytes,
            ["best_ms"] = Math.Round(slowest[0] * 1e3, 4),
            ["median_ms"] = Math.Round(slowest[repeats / 2] * 1e3, 4),
        };
    }

    // The additions of the tree, on a vector of the largest size timed (float32).
    private static double AddBytesPerSecond(long bytes)
    {
        var sum = new float[bytes / sizeof(float)];
        var other = new float[sum.Length];
        Array.Fill(other, 1e-3f);
        var timer = new CallTimer(() => RankTreeSum.Join<float>(sum, other, sum));
        timer.WarmUp(0.1);
        timer.Time(0.1);
        return bytes / timer.BestSecondsPerCall;
    }

    private static List<Dictionary<string, object?>> Model(List<Dictionary<string, object?>> workloads, double addRate, double latency) =>
    [
        .. from w in workloads
           from link in ScalingModel.Links
           from ranks in ScalingModel.Ranks
           let model = new ScalingModel(link, latency, addRate)
           let compute = (double)w["ms_per_step"]! / 1e3
           let bytes = (double)(long)w["gradient_bytes"]!
           select new Dictionary<string, object?>
           {
               ["workload"] = w["workload"],
               ["link_gbps"] = link,
               ["ranks"] = ranks,
               ["ring_ms"] = Math.Round(model.RingSeconds(ranks, bytes) * 1e3, 4),
               ["tree_ms"] = Math.Round(model.TreeSeconds(ranks, bytes) * 1e3, 4),
               ["ring_efficiency"] = Math.Round(ScalingModel.Efficiency(compute, model.RingSeconds(ranks, bytes)), 4),
               ["tree_efficiency"] = Math.Round(ScalingModel.Efficiency(compute, model.TreeSeconds(ranks, bytes)), 4),
           },
    ];

    private static void WriteModel(TextWriter output, List<Dictionary<string, object?>> workloads, List<Dictionary<string, object?>> model, double addRate, double latency)
    {
        output.WriteLine(string.Create(Invariant, $"compute per step (1 thread, this machine) and modeled efficiency, recursive doubling / ring; latency {latency * 1e6:0.#} µs per message, additions {addRate / 1e9:F2} GB/s:"));
        var header = new System.Text.StringBuilder($"{"workload",-20} {"gradient",10} {"ms/step",8}");
        foreach (double link in ScalingModel.Links)
            foreach (int ranks in ScalingModel.Ranks) header.Append(string.Create(Invariant, $" {$"{link:0}G P={ranks}",11}"));
        output.WriteLine(header);
        foreach (var w in workloads)
        {
            var line = new System.Text.StringBuilder(string.Create(Invariant, $"{w["workload"],-20} {(long)w["gradient_bytes"]! / 1e6,7:F2} MB {(double)w["ms_per_step"]!,8:F2}"));
            foreach (var m in model.Where(m => Equals(m["workload"], w["workload"])))
                line.Append(string.Create(Invariant, $" {$"{(double)m["tree_efficiency"]! * 100:0}/{(double)m["ring_efficiency"]! * 100:0}%",11}"));
            output.WriteLine(line);
        }
    }

    private static List<PlotSeries> PlotSeriesOf(List<Dictionary<string, object?>> workloads, double addRate, double latency)
    {
        var series = new List<PlotSeries>();
        var log2Ranks = Enumerable.Range(1, 7).Select(k => (double)k).ToArray();
        foreach (string name in PlottedWorkloads)
        {
            var w = workloads.Single(w => Equals(w["workload"], name));
            double compute = (double)w["ms_per_step"]! / 1e3, bytes = (long)w["gradient_bytes"]!;
            foreach (double link in ScalingModel.Links)
            {
                var model = new ScalingModel(link, latency, addRate);
                series.Add(PlotSeries.Percent(string.Create(Invariant, $"{name}, {link:0} Gb/s, recursive doubling"), log2Ranks,
                    [.. log2Ranks.Select(k => ScalingModel.Efficiency(compute, model.TreeSeconds(1 << (int)k, bytes)))]));
            }
            var slowest = new ScalingModel(ScalingModel.Links[0], latency, addRate);
            series.Add(PlotSeries.Percent(string.Create(Invariant, $"{name}, {ScalingModel.Links[0]:0} Gb/s, ring"), log2Ranks,
                [.. log2Ranks.Select(k => ScalingModel.Efficiency(compute, slowest.RingSeconds(1 << (int)k, bytes)))]));
        }
        return series;
    }
}
