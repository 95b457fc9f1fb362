using System;
using System.IO;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>The builtin references, as copied next to the tests.</summary>
internal static class ReferenceFiles
{
    public static string ApisJsonPath => Path.Combine(AppContext.BaseDirectory, "References", "apis.json");

    public static string ApisJson => File.ReadAllText(ApisJsonPath);

    /// <summary>Joins lines with '\n', so tests can state the line each piece of JSON is on.</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines);
}
