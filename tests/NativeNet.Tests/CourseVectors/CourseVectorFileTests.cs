using NativeNet.Tests.Generators;

namespace NativeNet.Tests.CourseVectors;

public class CourseVectorFileTests
{
    [SkippableFact]
    public void EmbeddedCopyIsTheSharedFile()
    {
        // CI keeps the published file beside the repository; a clone elsewhere has only the embedded copy, which is
        // all the other tests read, so this check skips there instead of failing.
        string shared = Path.GetFullPath(Path.Combine(GeneratorHarness.RepositoryRoot(), "..", "shared", "data", "course-vectors.json"));
        Skip.IfNot(File.Exists(shared), $"{shared} is not here (only CI keeps it beside the repository)");
        Assert.Equal(File.ReadAllText(shared), CourseVectorFile.Text());
    }
}
