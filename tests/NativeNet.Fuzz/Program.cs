using NativeNet.Fuzz;
using SharpFuzz;

// nativenet-fuzz TARGET           run under afl-fuzz (fuzz.sh starts it so)
// nativenet-fuzz seeds DIR        write each target's seed inputs to DIR/TARGET/
// nativenet-fuzz replay TARGET FILE...   run inputs outside afl and print how each ended
// nativenet-fuzz keep TARGET DIR FILE...  copy one crashing input per distinct crash (exception type and throwing
//                                          frame) into DIR, named by that signature, as a regression input
if (args is [var name] && name is not ("seeds" or "replay" or "keep"))
{
    var target = FuzzTargets.Get(name);
    Fuzzer.OutOfProcess.Run(stream =>
    {
        var input = new MemoryStream();
        stream.CopyTo(input);
        target.Run(input.ToArray());
    });
    return 0;
}
if (args is ["seeds", var folder])
{
    foreach (var target in FuzzTargets.All)
    {
        string directory = Path.Combine(folder, target.Name);
        Directory.CreateDirectory(directory);
        var seeds = target.Seeds();
        for (int i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(directory, $"seed{i}"), seeds[i]);
    }
    return 0;
}
if (args is ["replay", var targetName, .. var files] && files.Length > 0)
{
    var target = FuzzTargets.Get(targetName);
    int crashes = 0;
    foreach (string file in files)
    {
        try
        {
            var rejection = target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: {(rejection is null ? "accepted" : $"rejected: {rejection.Message}")}");
        }
        catch (Exception e)
        {
            crashes++;
            Console.WriteLine($"{file}: CRASH {e.GetType().FullName}: {e.Message}");
            Console.WriteLine(e.StackTrace);
        }
    }
    return crashes == 0 ? 0 : 1;
}
if (args is ["keep", var keepTarget, var keepFolder, .. var crashFiles] && crashFiles.Length > 0)
{
    var target = FuzzTargets.Get(keepTarget);
    Directory.CreateDirectory(keepFolder);
    var kept = new HashSet<string>(StringComparer.Ordinal);
    foreach (string file in crashFiles)
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            string signature = CrashSignature.Of(e);
            if (kept.Add(signature)) File.Copy(file, Path.Combine(keepFolder, signature), overwrite: true);
        }
    }
    Console.WriteLine($"{keepTarget}: {kept.Count} distinct crashes kept in {keepFolder}: {string.Join(", ", kept.Order(StringComparer.Ordinal))}");
    return 0;
}
Console.Error.WriteLine("usage: nativenet-fuzz TARGET | seeds DIR | replay TARGET FILE... | keep TARGET DIR FILE...");
Console.Error.WriteLine("targets:");
foreach (var target in FuzzTargets.All) Console.Error.WriteLine($"  {target.Name,-12} {target.Description}");
return 2;
