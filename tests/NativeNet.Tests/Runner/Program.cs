namespace NativeNet.Tests.Runner;

/// <summary>
/// The test assembly as a program: runs chosen test classes in-process (<see cref="InProcessTestRunner"/>) where
/// <c>dotnet test</c> and its test host cannot run, such as a self-contained Arm64 build under qemu user-mode
/// emulation. <c>dotnet test</c> loads the assembly as a library and never calls this.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => InProcessTestRunner.Run(args, Console.Out);
}
