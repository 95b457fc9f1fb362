using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace Taskcluster.References;

/// <summary>
/// Renders the README's API section from the references (the original <c>utils/generate-docs.js</c>) and splices it
/// between the marker comments.
/// </summary>
public static class ApiDocs
{
    /// <summary>The comment line the generated section starts after.</summary>
    public const string BeginMarker = "<!-- BEGIN API DOCS -->";

    /// <summary>The comment line the generated section ends before.</summary>
    public const string EndMarker = "<!-- END API DOCS -->";

    /// <summary>Renders the section for the given references, names in ordinal order, with <c>\n</c> line ends.</summary>
    /// <param name="references">The references by name.</param>
    /// <returns>The Markdown between the markers: it ends the marker line, leaves a blank line on both sides, and ends with a newline.</returns>
    public static string Render(IReadOnlyDictionary<string, Reference> references)
    {
        var names = new List<string>(references.Keys);
        names.Sort(StringComparer.Ordinal);

        var text = new StringBuilder();
        text.Append("\n\n## API reference\n\n");
        text.Append("Generated from `references/apis.json` by `dotnet run --project tools/Taskcluster.References -- docs`;\n");
        text.Append("do not edit it by hand. Every `...Async` method also takes a last `CancellationToken cancellationToken = default`.\n");
        text.Append("`: result` means the task gives the response JSON, `: void` that it completes without a value, `: pages`\n");
        text.Append("that it yields each page as JSON, following `continuationToken`, `: Binding` that the method builds a binding\n");
        text.Append("for `Listener.BindAsync`. Query parameters are optional and named as in the reference (`limit` is an `int?`).\n");
        foreach (string name in names)
        {
            var reference = references[name];
            text.Append('\n');
            if (reference.Kind == ReferenceKind.Api) RenderApi(text, name, reference);
            else RenderExchanges(text, name, reference);
        }
        text.Append('\n');
        return text.ToString();
    }

    /// <summary>Replaces the text between the markers of <paramref name="readme"/> with <paramref name="section"/>.</summary>
    /// <param name="readme">The README's text.</param>
    /// <param name="section">The rendered section with <c>\n</c> line ends; converted to the README's line ends.</param>
    /// <returns>The new README text.</returns>
    /// <exception cref="ToolException">A marker is missing, repeated, or the end comes before the beginning.</exception>
    public static string Splice(string readme, string section)
    {
        int begin = FindSingle(readme, BeginMarker);
        int end = FindSingle(readme, EndMarker);
        if (end < begin)
            throw new ToolException(ExitCodes.BadInputFile, $"'{EndMarker}' comes before '{BeginMarker}' in the README.");
        if (readme.Contains("\r\n", StringComparison.Ordinal)) section = section.Replace("\n", "\r\n", StringComparison.Ordinal);
        int contentStart = begin + BeginMarker.Length;
        return readme.Substring(0, contentStart) + section + readme.Substring(end);
    }

    /// <summary>Describes the first line where two texts differ, for <c>--check</c>.</summary>
    /// <param name="expected">What the README should contain.</param>
    /// <param name="actual">What it contains.</param>
    /// <returns>A one-line description.</returns>
    public static string FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string[] actualLines = actual.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int count = Math.Max(expectedLines.Length, actualLines.Length);
        for (int i = 0; i < count; i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"line {i + 1}: expected {Quote(e)}, found {Quote(a)}";
            }
        }
        return "line endings differ";
    }

    private static string Quote(string? line) => line is null ? "end of file" : "\"" + line + "\"";

    private static int FindSingle(string readme, string marker)
    {
        int first = readme.IndexOf(marker, StringComparison.Ordinal);
        if (first < 0)
        {
            throw new ToolException(ExitCodes.BadInputFile,
                $"the README has no '{marker}' line; put '{BeginMarker}' and '{EndMarker}' where the API section belongs.");
        }
        if (readme.IndexOf(marker, first + marker.Length, StringComparison.Ordinal) >= 0)
            throw new ToolException(ExitCodes.BadInputFile, $"the README has '{marker}' more than once.");
        return first;
    }

    private static void RenderApi(StringBuilder text, string name, Reference reference)
    {
        string type = CSharpNames.Pascal(name);
        string variable = CSharpNames.Camel(type);
        Heading(text, type, reference);
        text.Append(reference.ServiceName is { } service
            ? $"var {variable} = new {type}(options); // <rootUrl>/api/{service}/{reference.ApiVersion}\n"
            : $"var {variable} = new {type}(options); // legacy (2014 format); default base URL: {reference.BaseUrl}\n");
        foreach (var entry in reference.ApiEntries)
        {
            string method = CSharpNames.Pascal(entry.Name);
            var parameters = new List<string>();
            foreach (string arg in entry.Args) parameters.Add("string " + CSharpNames.Identifier(arg));
            var routeParameters = new List<string>(parameters);
            if (entry.HasInput) parameters.Add("object payload");
            var pageParameters = new List<string>(parameters);
            foreach (string query in entry.Query)
            {
                string parameter = (query == "limit" ? "int? " : "string? ") + CSharpNames.Identifier(query) + " = null";
                parameters.Add(parameter);
                routeParameters.Add(parameter);
                if (query != "continuationToken") pageParameters.Add(parameter);
            }
            string callParameters = string.Join(", ", parameters);
            string urlParameters = string.Join(", ", routeParameters);

            text.Append('\n');
            if (entry.Scopes is { } scopes) text.Append($"// scopes: {scopes}\n");
            if (entry.HasOutput)
            {
                text.Append($"Task<JsonElement> {variable}.{method}Async({callParameters}) : result\n");
                text.Append($"Task<TResult> {variable}.{method}Async<TResult>({callParameters}) : result\n");
                if (entry.IsPaged) text.Append($"IAsyncEnumerable<JsonElement> {variable}.{method}PagesAsync({string.Join(", ", pageParameters)}) : pages\n");
            }
            else
            {
                text.Append($"Task {variable}.{method}Async({callParameters}) : void\n");
            }
            text.Append($"string {variable}.{method}Url({urlParameters})\n");
            if (entry.Method == HttpMethod.Get)
            {
                string signed = urlParameters.Length == 0 ? "TimeSpan? expiration = null" : urlParameters + ", TimeSpan? expiration = null";
                text.Append($"string {variable}.{method}SignedUrl({signed})\n");
            }
        }
        text.Append("```\n");
    }

    private static void RenderExchanges(StringBuilder text, string name, Reference reference)
    {
        string type = CSharpNames.Pascal(name);
        string variable = CSharpNames.Camel(type);
        Heading(text, type, reference);
        text.Append($"var {variable} = new {type}(options); // default exchange prefix: {reference.ExchangePrefix}\n");
        foreach (var entry in reference.ExchangeEntries)
        {
            string method = CSharpNames.Pascal(entry.Name);
            var parameters = new List<string>();
            foreach (var element in entry.RoutingKey)
            {
                // A constant element has only one possible value, so there is nothing to choose.
                if (element.Constant is null) parameters.Add($"string? {CSharpNames.Identifier(element.Name)} = null");
            }
            text.Append('\n');
            text.Append($"// exchange {reference.ExchangePrefix}{entry.Exchange}\n");
            text.Append($"Binding {variable}.{method}({string.Join(", ", parameters)}) : Binding\n");
            text.Append($"Binding {variable}.{method}(RoutingPattern pattern) : Binding\n");
        }
        text.Append("```\n");
    }

    private static void Heading(StringBuilder text, string type, Reference reference)
    {
        text.Append($"### {type}\n\n");
        if (reference.Title.Length > 0) text.Append(reference.Title.Trim()).Append("\n\n");
        text.Append("```text\n");
    }
}
