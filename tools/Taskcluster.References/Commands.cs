using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.References;

/// <summary>What every command gets: the parsed line, the output writers, where it runs, an HTTP client.</summary>
/// <param name="Line">The parsed command line.</param>
/// <param name="Out">Where results go.</param>
/// <param name="Error">Where warnings and errors go.</param>
/// <param name="WorkingDirectory">The folder relative paths and the default file are resolved from.</param>
/// <param name="Http">The client for fetching references.</param>
public sealed record CommandContext(CommandLine Line, TextWriter Out, TextWriter Error, string WorkingDirectory, HttpClient Http)
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFileName = "Taskcluster.Client.slnx";

    /// <summary>The references file: <c>--file</c>, or <c>references/apis.json</c> in the repository root.</summary>
    /// <returns>The full path.</returns>
    public string ReferencesPath()
    {
        string? file = Line.Value("--file");
        if (file is not null) return Path.GetFullPath(file, WorkingDirectory);
        return Path.Combine(RepositoryRoot("--file"), "references", "apis.json");
    }

    /// <summary>
    /// The Markdown file holding the generated API section: <c>--readme</c>, or <c>docs/api.md</c> in the repository
    /// root (the section outgrew the README once every service of today's TaskCluster was builtin).
    /// </summary>
    /// <returns>The full path.</returns>
    public string ReadmePath()
    {
        string? readme = Line.Value("--readme");
        if (readme is not null) return Path.GetFullPath(readme, WorkingDirectory);
        return Path.Combine(RepositoryRoot("--readme"), "docs", "api.md");
    }

    private string RepositoryRoot(string option)
    {
        for (var folder = new DirectoryInfo(WorkingDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName))) return folder.FullName;
        }
        throw new ToolException(ExitCodes.BadInputFile,
            $"no {SolutionFileName} in {WorkingDirectory} or any folder above it; run inside the repository or pass {option} <path>.");
    }
}

/// <summary>The tool's commands; each returns an exit code or throws <see cref="ToolException"/>.</summary>
public static class Commands
{
    /// <summary><c>list</c>: one line per reference: name, kind, source URL.</summary>
    /// <param name="context">The command's context.</param>
    /// <returns>The exit code.</returns>
    public static int List(CommandContext context)
    {
        var file = ApisFile.Load(context.ReferencesPath());
        var references = ReferenceCheck.ValidateMap(ToMapElement(file));
        int width = 0;
        foreach (var entry in file.Entries) width = Math.Max(width, entry.Name.Length);
        foreach (var entry in file.Entries)
        {
            string kind = references[entry.Name].Kind == ReferenceKind.Api ? "api      " : "exchanges";
            context.Out.WriteLine($"{entry.Name.PadRight(width)}  {kind}  {entry.ReferenceUrl}");
        }
        return ExitCodes.Success;
    }

    /// <summary><c>show &lt;name&gt;</c>: the reference as indented JSON.</summary>
    /// <param name="context">The command's context.</param>
    /// <returns>The exit code.</returns>
    public static int Show(CommandContext context)
    {
        var file = ApisFile.Load(context.ReferencesPath());
        var entry = file.Get(context.Line.Positional[0]);
        context.Out.WriteLine(CanonicalJson.Format(entry.Reference));
        return ExitCodes.Success;
    }

    /// <summary><c>add &lt;name&gt; &lt;url-or-file&gt; [--force] [--reference-url &lt;url&gt;]</c>.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> AddAsync(CommandContext context, CancellationToken cancellationToken = default)
    {
        string name = context.Line.Positional[0];
        string source = context.Line.Positional[1];
        if (!CSharpNames.IsValidClientName(name))
        {
            throw new ToolException(ExitCodes.Usage,
                $"'{name}' cannot name a client class; use ASCII letters, digits and '_', not starting with a digit.");
        }
        var file = ApisFile.Load(context.ReferencesPath());
        bool replacing = file.Find(name) is not null;
        if (replacing && !context.Line.Has("--force"))
        {
            throw new ToolException(ExitCodes.UnknownOrExistingName,
                $"a reference named '{name}' already exists; add --force to replace it, or use 'update {name}' to re-fetch it.");
        }

        // Relative file sources are read from the working directory, but recorded relative to the references file
        // so that `update` finds them from any folder and the file holds no machine-specific path.
        string fetchFrom = ReferenceSource.IsHttp(source) ? source : Path.GetFullPath(source, context.WorkingDirectory);
        var reference = await ReferenceSource.FetchAsync(fetchFrom, context.WorkingDirectory, context.Http, cancellationToken).ConfigureAwait(false);
        string referenceUrl = context.Line.Value("--reference-url")
            ?? (ReferenceSource.IsHttp(source) ? source : Path.GetRelativePath(file.Folder, fetchFrom).Replace('\\', '/'));

        file.Set(new ApisFileEntry(name, referenceUrl, reference));
        file.Save();
        context.Out.WriteLine($"{(replacing ? "Replaced" : "Added")} {name} from {source}.");
        return ExitCodes.Success;
    }

    /// <summary><c>remove &lt;name&gt;</c>.</summary>
    /// <param name="context">The command's context.</param>
    /// <returns>The exit code.</returns>
    public static int Remove(CommandContext context)
    {
        var file = ApisFile.Load(context.ReferencesPath());
        string name = file.Get(context.Line.Positional[0]).Name;
        file.Remove(name);
        file.Save();
        context.Out.WriteLine($"Removed {name}.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>update [&lt;name&gt;...]</c>: re-fetches references and reports which changed. All fetches must succeed
    /// before anything is written, so a flaky source never leaves a partly updated file.
    /// </summary>
    /// <param name="context">The command's context.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> UpdateAsync(CommandContext context, CancellationToken cancellationToken = default)
    {
        string? rootUrl = context.Line.Value("--root-url");
        if (rootUrl is not null)
        {
            context.Line.ExpectPositional(0, 0, "--root-url <url>");
            return await FromDeploymentAsync(context, new HttpDeployment(rootUrl, context.Http), cancellationToken).ConfigureAwait(false);
        }

        var file = ApisFile.Load(context.ReferencesPath());
        var selected = new List<ApisFileEntry>();
        if (context.Line.Positional.Count == 0)
        {
            foreach (var entry in file.Entries)
            {
                // A deployment's reference goes with the schemas it uses; fetching it alone would split the pair.
                if (BuiltinServices.IsDeploymentReference(entry.Reference))
                    context.Out.WriteLine($"{entry.Name}: skipped; it comes from a deployment, refreshed by 'update --root-url' or 'import'");
                else
                    selected.Add(entry);
            }
        }
        else
        {
            foreach (string name in context.Line.Positional)
            {
                var entry = file.Get(name);
                if (BuiltinServices.IsDeploymentReference(entry.Reference))
                {
                    throw new ToolException(ExitCodes.Usage,
                        $"{entry.Name} comes from a deployment together with its schemas; refresh it with 'update --root-url <url>' or 'import <file>'.");
                }
                selected.Add(entry);
            }
        }

        var changed = new List<ApisFileEntry>();
        ToolException? firstFailure = null;
        foreach (var entry in selected)
        {
            if (entry.ReferenceUrl.Length == 0)
            {
                firstFailure ??= new ToolException(ExitCodes.SourceUnavailable, $"{entry.Name} has no referenceUrl to fetch from.");
                context.Error.WriteLine($"{entry.Name}: failed: it has no referenceUrl");
                continue;
            }
            try
            {
                var fetched = await ReferenceSource.FetchAsync(entry.ReferenceUrl, file.Folder, context.Http, cancellationToken).ConfigureAwait(false);
                bool same = CanonicalJson.Format(fetched) == CanonicalJson.Format(entry.Reference);
                context.Out.WriteLine($"{entry.Name}: {(same ? "unchanged" : "changed")} ({entry.ReferenceUrl})");
                if (!same) changed.Add(entry with { Reference = fetched });
            }
            catch (ToolException exception)
            {
                firstFailure ??= exception;
                context.Error.WriteLine($"{entry.Name}: failed: {exception.Message}");
            }
        }
        if (firstFailure is not null)
        {
            throw new ToolException(firstFailure.ExitCode,
                $"{file.Path} was left unchanged because a reference could not be updated ({firstFailure.Message})", firstFailure);
        }
        foreach (var entry in changed) file.Set(entry);
        file.Save();
        context.Out.WriteLine(changed.Count == 0
            ? $"No reference changed; {file.Path} is as it was."
            : $"{changed.Count} of {selected.Count} references changed; {file.Path} updated. Run 'tc-references docs' to refresh the README.");
        return ExitCodes.Success;
    }

    /// <summary><c>import &lt;file&gt;</c>: <see cref="FromDeploymentAsync"/> from a saved <c>references.json</c>.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> ImportAsync(CommandContext context, CancellationToken cancellationToken = default)
    {
        string path = Path.GetFullPath(context.Line.Positional[0], context.WorkingDirectory);
        var deployment = await ReferencesFileDeployment.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return await FromDeploymentAsync(context, deployment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>update --root-url</c> and <c>import</c>: replaces the builtin set and the schemas it uses with what a
    /// deployment publishes. Everything is read and checked first; then <c>apis.json</c> and the schemas folder are
    /// replaced together, and only if something differs. Entries the deployment does not produce stay as they are,
    /// except one whose class name a produced entry takes over (<c>index</c> → <c>Index</c>): the generator would
    /// otherwise make two classes of one name.
    /// </summary>
    /// <param name="context">The command's context.</param>
    /// <param name="deployment">Where the references and schemas come from.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> FromDeploymentAsync(CommandContext context, Deployment deployment, CancellationToken cancellationToken = default)
    {
        if (context is null) throw new ArgumentNullException(nameof(context));
        if (deployment is null) throw new ArgumentNullException(nameof(deployment));
        // Load first: a broken references file should stop the command before any network traffic.
        var file = ApisFile.Load(context.ReferencesPath());
        var snapshot = await DeploymentReader.ReadAsync(deployment, context.Error, cancellationToken).ConfigureAwait(false);

        var produced = new Dictionary<string, ApisFileEntry>(StringComparer.Ordinal);
        foreach (var entry in snapshot.References) produced.Add(entry.Name, entry);
        var kept = new List<string>();
        foreach (var old in file.Entries)
        {
            if (produced.ContainsKey(old.Name)) continue;
            string className = CSharpNames.ClassName(old.Name);
            if (produced.ContainsKey(className))
            {
                file.Remove(old.Name);
                context.Out.WriteLine($"{old.Name}: removed; {className} replaces it (both would generate the class {className})");
            }
            else
            {
                kept.Add(old.Name);
            }
        }
        foreach (var entry in snapshot.References)
        {
            var old = file.Find(entry.Name);
            string state = old is null ? "new"
                : old.ReferenceUrl == entry.ReferenceUrl && CanonicalJson.Format(old.Reference) == CanonicalJson.Format(entry.Reference) ? "unchanged"
                : "changed";
            context.Out.WriteLine($"{entry.Name}: {state} ({entry.ReferenceUrl})");
            file.Set(entry);
        }
        foreach (string line in snapshot.Skipped) context.Out.WriteLine(line);
        foreach (string link in snapshot.External) context.Out.WriteLine($"not fetched, outside the deployment: {link}");
        foreach (var missing in snapshot.Missing)
        {
            string consequence = file.Find(missing.ClassName) is null ? $"there is no {missing.ClassName}" : $"{missing.ClassName} stays as it was";
            context.Error.WriteLine($"warning: the deployment publishes no {missing.Service} {(missing.Kind == DeploymentReferenceKind.Api ? "api" : "exchanges")} reference; {consequence}.");
        }
        if (kept.Count > 0) context.Out.WriteLine($"Kept as they were (not produced by the deployment): {string.Join(", ", kept)}.");

        var schemas = new List<KeyValuePair<string, byte[]>>();
        foreach (var (relative, schema) in snapshot.Schemas) schemas.Add(new(relative, BuiltinTree.SchemaBytes(schema)));
        var change = BuiltinTree.Save(file, schemas);
        string folder = Path.Combine(file.Folder, BuiltinTree.SchemasFolderName);
        context.Out.WriteLine($"{snapshot.References.Count} references, {change.SchemaFiles} schema files " +
            $"({change.Added} added, {change.Changed} changed, {change.Removed} removed).");
        context.Out.WriteLine(change.Any
            ? $"Wrote {file.Path} and {folder}."
            : $"Nothing changed; {file.Path} and {folder} are as they were.");
        return ExitCodes.Success;
    }

    /// <summary><c>docs [--readme &lt;path&gt;] [--check]</c>.</summary>
    /// <param name="context">The command's context.</param>
    /// <returns>The exit code.</returns>
    public static int Docs(CommandContext context)
    {
        var file = ApisFile.Load(context.ReferencesPath());
        string readmePath = context.ReadmePath();
        string readme;
        try
        {
            readme = File.ReadAllText(readmePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.BadInputFile, $"cannot read the README {readmePath}: {exception.Message}", exception);
        }

        string section = ApiDocs.Render(ReferenceCheck.ValidateMap(ToMapElement(file)));
        string updated;
        try
        {
            updated = ApiDocs.Splice(readme, section);
        }
        catch (ToolException exception)
        {
            throw new ToolException(exception.ExitCode, $"{readmePath}: {exception.Message}", exception);
        }

        if (string.Equals(updated, readme, StringComparison.Ordinal))
        {
            context.Out.WriteLine($"{readmePath}: the API section is up to date.");
            return ExitCodes.Success;
        }
        if (context.Line.Has("--check"))
        {
            context.Error.WriteLine(
                $"{readmePath}: the API section is out of date with {file.Path} (first difference at README {ApiDocs.FirstDifference(updated, readme)}). " +
                "Run 'dotnet run --project tools/Taskcluster.References -- docs' and commit the README.");
            return ExitCodes.OutOfDate;
        }
        AtomicFile.WriteIfChanged(readmePath, new UTF8Encoding(false).GetBytes(updated));
        context.Out.WriteLine($"{readmePath}: the API section was rewritten.");
        return ExitCodes.Success;
    }

    private static System.Text.Json.JsonElement ToMapElement(ApisFile file)
    {
        using var document = System.Text.Json.JsonDocument.Parse(file.Format());
        return document.RootElement.Clone();
    }
}
