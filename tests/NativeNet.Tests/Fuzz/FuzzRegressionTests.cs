using NativeNet.Fuzz;
using NativeNet.IO;

namespace NativeNet.Tests.Fuzz;

/// <summary>
/// Every input that made a reader crash under afl-fuzz (tests/NativeNet.Fuzz/fuzz.sh) is kept under
/// Fuzz/Inputs/TARGET/ and must now be rejected with the documented <see cref="DataFormatException"/>.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly string InputsFolder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Inputs");

    /// <summary>Each kept input as (target, file name).</summary>
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in Directory.EnumerateDirectories(InputsFolder).Order(StringComparer.Ordinal))
            foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                data.Add(Path.GetFileName(folder), Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CrashInputIsRejectedAsADataFormatError(string target, string file)
    {
        var rejection = FuzzTargets.Get(target).Run(File.ReadAllBytes(Path.Combine(InputsFolder, target, file)));
        Assert.IsType<DataFormatException>(rejection);
    }

    [Fact]
    public void EveryInputFolderNamesATarget()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToHashSet();
        Assert.All(Directory.EnumerateDirectories(InputsFolder), folder => Assert.Contains(Path.GetFileName(folder), names));
        Assert.NotEmpty(Inputs());
    }

    [Fact]
    public void EverySeedIsAccepted()
    {
        foreach (var target in FuzzTargets.All)
            foreach (var seed in target.Seeds())
                Assert.Null(target.Run(seed));
    }
}
