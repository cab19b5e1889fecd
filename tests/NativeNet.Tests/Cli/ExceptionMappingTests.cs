namespace NativeNet.Tests.Cli;

public class ExceptionMappingTests
{
    private sealed class LibraryFormatException(string message) : Exception(message);

    [Fact]
    public void KnownExceptionsBecomeOneUserLine()
    {
        Assert.Equal((1, "weights.npz: entry 'fc1.weight' has shape (3, 4), expected (4, 3)"),
            NativeNet.Cli.Program.Describe(new LibraryFormatException("weights.npz: entry 'fc1.weight' has shape (3, 4), expected (4, 3)")));
        Assert.Equal((1, "lr must be finite and non-negative (got -1)"),
            NativeNet.Cli.Program.Describe(new ArgumentOutOfRangeException("lr", -1.0, "lr must be finite and non-negative.")));
        Assert.Equal((1, "bad header"), NativeNet.Cli.Program.Describe(new InvalidDataException("bad header")));
        Assert.Equal((1, "file not found: /x/y.idx"), NativeNet.Cli.Program.Describe(new FileNotFoundException("gone", "/x/y.idx")));
        var (code, message) = NativeNet.Cli.Program.Describe(new NullReferenceException("boom"));
        Assert.Equal(1, code);
        Assert.StartsWith("unexpected NullReferenceException: boom", message);
        Assert.DoesNotContain('\n', message);
    }
}
