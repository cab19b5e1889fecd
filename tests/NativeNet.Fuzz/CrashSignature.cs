using System.Diagnostics;

namespace NativeNet.Fuzz;

/// <summary>
/// Names a crash by what distinguishes it from others: the exception type and the first NativeNet method on its
/// stack (where the library let it escape), e.g. <c>InvalidOperationException-SafeTensorsFile.ReadEntry</c>.
/// </summary>
internal static class CrashSignature
{
    public static string Of(Exception e)
    {
        string frame = new StackTrace(e).GetFrames()
            .Select(f => f.GetMethod())
            .Where(m => m?.DeclaringType?.Namespace?.StartsWith("NativeNet", StringComparison.Ordinal) == true
                && m.DeclaringType.Namespace != typeof(CrashSignature).Namespace)
            .Select(m => $"{m!.DeclaringType!.Name.Split('`')[0]}.{m.Name}")
            .FirstOrDefault() ?? "outside-NativeNet";
        return $"{e.GetType().Name}-{frame}";
    }
}
