using System;
using System.IO;
using System.Threading.Tasks;

namespace Taskcluster.References.Tests.Tool;

/// <summary>The outcome of one in-process run of the tool.</summary>
internal sealed record ToolResult(int ExitCode, string Out, string Error);

/// <summary>
/// A throw-away repository folder: <c>Taskcluster.Client.slnx</c> (so the default paths resolve), a copy of the
/// builtin <c>references/apis.json</c>, and a README with empty API markers.
/// </summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
        : this(null)
    {
    }

    /// <param name="apisJson">The references file's text, or null for a copy of the builtin one.</param>
    public TempRepository(string? apisJson)
    {
        Root = Path.Combine(Path.GetTempPath(), "tc-references-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "references"));
        File.WriteAllText(Path.Combine(Root, "Taskcluster.Client.slnx"), "<Solution />\n");
        if (apisJson is null) File.Copy(TestData.ApisJsonPath, ApisJson);
        else File.WriteAllText(ApisJson, apisJson);
        Directory.CreateDirectory(Path.Combine(Root, "docs"));
        File.WriteAllText(Readme, "# Title\n\nIntro.\n\n<!-- BEGIN API DOCS -->\n<!-- END API DOCS -->\n\n## After\n");
    }

    public string Root { get; }

    public string ApisJson => Path.Combine(Root, "references", "apis.json");

    /// <summary>The Markdown file the docs command writes by default (docs/api.md).</summary>
    public string Readme => Path.Combine(Root, "docs", "api.md");

    public byte[] ApisJsonBytes() => File.ReadAllBytes(ApisJson);

    public async Task<ToolResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await Program.RunAsync(args, stdout, stderr, Root);
        return new ToolResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
