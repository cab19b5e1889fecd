using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NativeNet.Cli.Console;

/// <summary>
/// Progress of a long run measured in samples, with the latest loss, samples/s and ETA: a live Spectre progress bar
/// on an interactive terminal, otherwise plain lines at most every <see cref="PlainInterval"/> of work or time
/// (no ANSI codes, no redraws), so logs and tests stay readable.
/// </summary>
internal sealed class TrainingProgress
{
    /// <summary>Plain mode prints a line whenever this fraction of the work has passed since the last one...</summary>
    public const double PlainInterval = 0.1;

    /// <summary>...or this much time, whichever comes first.</summary>
    public static readonly TimeSpan PlainPeriod = TimeSpan.FromSeconds(10);

    private readonly CliContext _context;
    private readonly string _description;
    private readonly long _totalSamples;
    private readonly Stopwatch _watch = new();
    private ProgressTask? _task;
    private double _lastPrintedFraction = double.NegativeInfinity;
    private TimeSpan _lastPrintedTime;

    private TrainingProgress(CliContext context, string description, long totalSamples)
    {
        _context = context;
        _description = description;
        _totalSamples = totalSamples;
    }

    /// <summary>Runs <paramref name="work"/>, which reports through the <see cref="TrainingProgress"/> it is given.</summary>
    /// <param name="totalSamples">Samples the whole run will process (epochs × training-set size).</param>
    public static T Run<T>(CliContext context, string description, long totalSamples, Func<TrainingProgress, T> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSamples);
        var progress = new TrainingProgress(context, description, totalSamples);
        progress._watch.Start();
        if (!context.Interactive) return work(progress);
        return context.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                progress._task = ctx.AddTask(Markup.Escape(description), maxValue: totalSamples);
                return work(progress);
            });
    }

    /// <summary>Records that <paramref name="samplesDone"/> samples are processed in total, with the latest <paramref name="loss"/>.</summary>
    /// <param name="status">A short prefix such as <c>epoch 3/10</c>.</param>
    public void Report(long samplesDone, double loss, string status)
    {
        var elapsed = _watch.Elapsed;
        double rate = elapsed.TotalSeconds > 0 ? samplesDone / elapsed.TotalSeconds : 0;
        string line = Format(status, loss, rate);
        if (_task is not null)
        {
            _task.Description = Markup.Escape($"{_description} {line}");
            _task.Value = samplesDone;
            return;
        }
        double fraction = Math.Clamp(samplesDone / (double)_totalSamples, 0, 1);
        bool finished = samplesDone >= _totalSamples;
        if (!finished && fraction - _lastPrintedFraction < PlainInterval && elapsed - _lastPrintedTime < PlainPeriod) return;
        _lastPrintedFraction = fraction;
        _lastPrintedTime = elapsed;
        string eta = rate > 0 ? FormatDuration(TimeSpan.FromSeconds((_totalSamples - samplesDone) / rate)) : "?";
        _context.Out.WriteLine($"{_description} {fraction * 100,3:F0}% {line} ETA {eta}");
    }

    private static string Format(string status, double loss, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{status} loss {loss:F4} {rate:F0} samples/s");

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);
}
