using NativeNet.Cli.Bench;

namespace NativeNet.Cli;

/// <summary>The <c>nativenet</c> command.</summary>
public static class Program
{
    private const string Usage = "usage: nativenet bench gemm [--sizes 256,512,100x3072x500] [--threads N] [--json] [--double] [--ta] [--tb]";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        try
        {
            if (args.Length >= 2 && args[0] == "bench" && args[1] == "gemm")
            {
                GemmBench.Run(ParseGemmBench(args.AsSpan(2)), Console.Out);
                return 0;
            }
            throw new FormatException($"unknown command '{string.Join(' ', args)}'; {Usage}");
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"nativenet: {e.Message}");
            return 2;
        }
    }

    private static GemmBenchOptions ParseGemmBench(ReadOnlySpan<string> args)
    {
        IReadOnlyList<(int, int, int)> shapes = GemmBenchOptions.DefaultShapes;
        int threads = Environment.ProcessorCount;
        bool json = false, useDouble = false, ta = false, tb = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes":
                    shapes = GemmBenchOptions.ParseShapes(Value(args, ref i));
                    break;
                case "--threads":
                    string t = Value(args, ref i);
                    if (!int.TryParse(t, out threads) || threads < 1)
                        throw new FormatException($"--threads: '{t}' is not a positive integer.");
                    break;
                case "--json": json = true; break;
                case "--double": useDouble = true; break;
                case "--ta": ta = true; break;
                case "--tb": tb = true; break;
                default: throw new FormatException($"bench gemm: unknown option '{args[i]}'; {Usage}");
            }
        }
        return new GemmBenchOptions(shapes, threads, json, useDouble, ta, tb);
    }

    private static string Value(ReadOnlySpan<string> args, ref int i)
    {
        if (i + 1 >= args.Length)
            throw new FormatException($"{args[i]} needs a value.");
        return args[++i];
    }
}
