using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;

namespace NativeNet.Cli;

/// <summary>The <c>nativenet</c> command: train, eval, predict, export, playground, experiment, gradcheck, bench.</summary>
public static class Program
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed at work (unreadable data, divergence reported as failure, I/O errors).</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Exit code of a command line that cannot be run (unknown option, bad value).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a run stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Entry point: the process console, with live progress only when stdout is a terminal; Ctrl+C cancels cleanly.</summary>
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C asks the running command to stop and save; a second one ends the process at once.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        System.Console.CancelKeyPress += onCancel;
        try
        {
            return Run(args, System.Console.Out, System.Console.Error,
                interactive: !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null, cancellation.Token);
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Runs one command line in-process, writing results to <paramref name="stdout"/> and errors (one line each,
    /// never a stack trace) to <paramref name="stderr"/>. Output carries no ANSI escape codes and no live redraws.
    /// </summary>
    /// <returns><see cref="Success"/>, <see cref="RuntimeFailure"/> or <see cref="UsageError"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, interactive: false);

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdout, stderr, interactive, cancellation);
        try
        {
            var root = CommandTree.Build(context);
            var parse = root.Parse(args);
            if (parse.Action is not HelpAction && parse.Errors.Count > 0)
            {
                stderr.WriteLine($"error: {Describe(parse)}");
                stderr.WriteLine($"Run '{CommandPath(parse.CommandResult.Command)} --help' for usage.");
                return UsageError;
            }
            if (parse.Action is null)
            {
                stderr.WriteLine($"error: '{CommandPath(parse.CommandResult.Command)}' has no runner in this build.");
                return RuntimeFailure;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            stderr.WriteLine($"error: {message}");
            if (Environment.GetEnvironmentVariable("NATIVENET_DEBUG") == "1") stderr.WriteLine(e);
            return code;
        }
    }

    // The most specific parse error, on one line: an unknown token beats the "required command" complaint it causes.
    private static string Describe(ParseResult parse)
    {
        var error = parse.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)) ?? parse.Errors[0];
        string message = error.Message;
        var command = parse.CommandResult.Command;
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
            message = $"'{CommandPath(command)}' needs {string.Join(" ", command.Arguments.Select(a => a.Name))}";
        else if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            message = $"'{CommandPath(command)}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        message = lines.Length == 1 ? lines[0] : lines[0] + " " + string.Join(", ", lines[1..]);
        if (error.SymbolResult is OptionResult option && !message.Contains(option.Option.Name, StringComparison.Ordinal))
            message = $"{option.Option.Name}: {message}";
        else if (error.SymbolResult is ArgumentResult { Parent: OptionResult parent } && !message.Contains(parent.Option.Name, StringComparison.Ordinal))
            message = $"{parent.Option.Name}: {message}";
        return message.TrimEnd('.');
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Add(c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    // Exceptions the library throws for bad input map to one line; anything else is a bug, still one line.
    internal static (int Code, string Message) Describe(Exception e) => e switch
    {
        UsageException u => (UsageError, u.Message),
        ArgumentException a => (RuntimeFailure, StripParameterSuffix(a)),
        // A message that already names the file (and often says how to get it) is kept as it is.
        FileNotFoundException f => (RuntimeFailure, f.FileName is null || f.Message.Contains(Path.GetFileName(f.FileName), StringComparison.Ordinal) ? f.Message : $"file not found: {f.FileName}"),
        DirectoryNotFoundException d => (RuntimeFailure, d.Message),
        NativeNet.Distributed.Communication.DistributedException d => (RuntimeFailure, d.Message),
        UnauthorizedAccessException u => (RuntimeFailure, u.Message),
        IOException io => (RuntimeFailure, io.Message),
        InvalidDataException data => (RuntimeFailure, data.Message),
        FormatException format => (RuntimeFailure, format.Message),
        OverflowException overflow => (RuntimeFailure, overflow.Message),
        InvalidOperationException op => (RuntimeFailure, op.Message),
        OperationCanceledException => (Cancelled, "cancelled"),
        AggregateException { InnerExceptions.Count: 1 } agg => Describe(agg.InnerExceptions[0]),
        // The library's own exception types (data-format errors, training anomalies) carry messages written for users.
        _ when e.GetType().Namespace?.StartsWith("NativeNet", StringComparison.Ordinal) == true => (RuntimeFailure, e.Message),
        _ => (RuntimeFailure, $"unexpected {e.GetType().Name}: {e.Message} (set NATIVENET_DEBUG=1 for the stack trace)"),
    };

    // ArgumentException appends " (Parameter 'x')"; the message already names what is wrong.
    private static string StripParameterSuffix(ArgumentException e)
    {
        string message = e.Message;
        int at = e.ParamName is null ? -1 : message.LastIndexOf($" (Parameter '{e.ParamName}')", StringComparison.Ordinal);
        if (at >= 0) message = message[..at];
        if (e is ArgumentOutOfRangeException { ActualValue: not null } range && !message.Contains("Actual value", StringComparison.Ordinal))
            message = message.TrimEnd('.') + $" (got {range.ActualValue})";
        return message.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Trim();
    }
}
