using Spectre.Console;

namespace NativeNet.Cli.Console;

/// <summary>
/// Where a command writes: plain writers for results and errors, and a Spectre console over stdout for tables and
/// progress. Non-interactive contexts (tests, CI, redirected output) get no ANSI codes and no live redraws.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellation = default)
    {
        Cancellation = cancellation;
        Out = stdout;
        Error = stderr;
        Interactive = interactive;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) Ansi.Profile.Width = 120;
    }

    /// <summary>Results: tables, summaries, the final JSON line.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors and warnings, one line each.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether live progress bars and colours are allowed.</summary>
    public bool Interactive { get; }

    /// <summary>Signalled by Ctrl+C: long runs stop, save what they have and exit with <see cref="Program.Cancelled"/>.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Spectre console over <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; }
}
