namespace NativeNet.Cli.Bench;

/// <summary>Parsed options of <c>nativenet bench gemm</c>.</summary>
/// <param name="Shapes">Products to time, each (m, k, n): C[m×n] = A[m×k]·B[k×n].</param>
/// <param name="Threads">Thread count (<see cref="NativeNet.Kernels.Parallelism.ThreadCount"/>) to run with.</param>
/// <param name="Json">Print one JSON object (<see cref="GemmBenchReport"/>) instead of a table.</param>
/// <param name="Double">Time double instead of float.</param>
/// <param name="TransposeA">Use op(A) = Aᵀ (A stored k×m).</param>
/// <param name="TransposeB">Use op(B) = Bᵀ (B stored n×k).</param>
public sealed record GemmBenchOptions(
    IReadOnlyList<(int M, int K, int N)> Shapes, int Threads, bool Json, bool Double, bool TransposeA, bool TransposeB)
{
    /// <summary>Sizes timed when <c>--sizes</c> is not given.</summary>
    public static readonly IReadOnlyList<(int M, int K, int N)> DefaultShapes = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024)];

    /// <summary>
    /// Parses a <c>--sizes</c> value: comma-separated items, each either <c>n</c> (square n×n×n) or <c>MxKxN</c>
    /// (A is M×K, B is K×N, C is M×N).
    /// </summary>
    /// <exception cref="FormatException">An item is not a positive size or an MxKxN triple.</exception>
    public static IReadOnlyList<(int M, int K, int N)> ParseShapes(string value)
    {
        var shapes = new List<(int, int, int)>();
        foreach (string item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = item.Split('x', 'X');
            if (parts.Length is not (1 or 3) || !parts.All(p => int.TryParse(p, out int v) && v > 0))
                throw new FormatException($"--sizes: '{item}' is neither a positive size nor MxKxN (e.g. 100x3072x500).");
            int[] v = parts.Select(int.Parse).ToArray();
            shapes.Add(v.Length == 1 ? (v[0], v[0], v[0]) : (v[0], v[1], v[2]));
        }
        if (shapes.Count == 0)
            throw new FormatException("--sizes: no sizes given.");
        return shapes;
    }
}
