namespace NativeNet.Cli;

/// <summary>The <c>nativenet</c> command.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine("nativenet");
        return 0;
    }
}
