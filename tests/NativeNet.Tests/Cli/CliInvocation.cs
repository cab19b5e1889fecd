using NativeNet.Cli;

namespace NativeNet.Tests.Cli;

/// <summary>One in-process run of the <c>nativenet</c> command and what it printed.</summary>
internal sealed record CliInvocation(int ExitCode, string Out, string Error)
{
    public static CliInvocation Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return new CliInvocation(code, stdout.ToString(), stderr.ToString());
    }

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string LastOutLine => Out.TrimEnd().Split('\n')[^1];
}
