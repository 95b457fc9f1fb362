using System.Collections.Generic;
using System.Linq;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Emitting;

/// <summary>Writes the C# source of an API client: one descriptor per function, and call, URL and signed-URL methods.</summary>
internal static class ApiClientEmitter
{
    private const string CancellationParameter = "global::System.Threading.CancellationToken cancellationToken = default";

    public static string Emit(ServiceModel service)
    {
        var w = new SourceWriter();
        Header.Write(w, service);
        w.Line("namespace Taskcluster");
        w.OpenBrace();

        w.Summary(service.Title.Length > 0 ? service.Title : "Client for the " + service.ClassName + " API.");
        w.Doc("<remarks>");
        w.Paragraphs(service.Description);
        w.Doc("<para>");
        w.Doc("Generated from the TaskCluster reference" + Header.Provenance(service) + ". Requests go to "
            + SourceWriter.Code(service.BaseUrlOrPrefix) + " unless <see cref=\"global::Taskcluster.ClientOptions.BaseUrl\"/> names another base URL.");
        w.Doc("</para>");
        w.Doc("</remarks>");
        w.Line("public sealed partial class " + service.ClassName + " : global::Taskcluster.ApiClient");
        w.OpenBrace();

        w.Summary("The base URL from the reference, " + service.BaseUrlOrPrefix + "; used unless the options give another.");
        w.Line("public const string DefaultBaseUrl = " + SourceWriter.Literal(service.BaseUrlOrPrefix) + ";");
        w.Line();

        foreach (var function in service.Functions) WriteDescriptor(w, function);
        if (service.Functions.Count == 0)
        {
            w.Line("private static readonly global::Taskcluster.ApiEntry[] s_entries = global::System.Array.Empty<global::Taskcluster.ApiEntry>();");
        }
        else
        {
            w.Line("private static readonly global::Taskcluster.ApiEntry[] s_entries =");
            w.OpenBrace();
            foreach (var function in service.Functions) w.Line(function.FieldName + ",");
            w.CloseBrace(";");
        }
        w.Line();

        w.Doc("<summary>Creates a client with the process-wide defaults (<see cref=\"global::Taskcluster.ClientDefaults\"/>) and credentials from the environment, if any.</summary>");
        w.Line("public " + service.ClassName + "()");
        w.Indent();
        w.Line(": this(null)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();
        w.Line();

        w.Summary("Creates a client with the given options; unset options fall back to the process-wide defaults.");
        w.Doc("<param name=\"options\">Credentials, base URL and other options, or null for the defaults.</param>");
        w.Doc("<exception cref=\"global::System.ArgumentException\">The base URL is not an absolute http or https URL.</exception>");
        w.Line("public " + service.ClassName + "(global::Taskcluster.ClientOptions? options)");
        w.Indent();
        w.Line(": base(DefaultBaseUrl, s_entries, options)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();

        foreach (var function in service.Functions)
        {
            w.Line();
            WriteMethods(w, function);
        }

        w.CloseBrace();
        w.CloseBrace();
        return w.ToString();
    }

    private static void WriteDescriptor(SourceWriter w, FunctionModel function)
    {
        w.Line("private static readonly global::Taskcluster.ApiEntry " + function.FieldName + " = new global::Taskcluster.ApiEntry(");
        w.Indent();
        string args = function.Args.Count == 0
            ? "global::System.Array.Empty<string>()"
            : "new string[] { " + string.Join(", ", function.Args.Select(a => SourceWriter.Literal(a.Name))) + " }";
        w.Line(SourceWriter.Literal(function.Name) + ", " + SourceWriter.Literal(function.Method) + ", "
            + SourceWriter.Literal(function.Route) + ", " + args + ",");
        string flags = "hasInput: " + Bool(function.Input is not null) + ", hasOutput: " + Bool(function.Output is not null);
        if (!function.HasScopes)
        {
            w.Line(flags + ");");
        }
        else
        {
            w.Line(flags + ",");
            var sets = function.Scopes.Select(set => set.Scopes.Count == 0
                ? "global::System.Array.Empty<string>()"
                : "new string[] { " + string.Join(", ", set.Scopes.Select(s => SourceWriter.Literal(s.Value))) + " }");
            w.Line(function.Scopes.Count == 0
                ? "scopes: global::System.Array.Empty<string[]>());"
                : "scopes: new string[][] { " + string.Join(", ", sets) + " });");
        }
        w.Unindent();
        w.Line();
    }

    private static void WriteMethods(SourceWriter w, FunctionModel function)
    {
        var parameters = function.Args.Select(a => "string " + a.Identifier).ToList();
        string argsArray = ArgsArray(function);
        bool hasInput = function.Input is not null;
        var callParameters = new List<string>(parameters);
        if (hasInput) callParameters.Add("object payload");
        callParameters.Add(CancellationParameter);
        string callArguments = function.FieldName + ", " + argsArray + ", " + (hasInput ? "payload" : "null") + ", cancellationToken";

        if (function.Output is not null)
        {
            WriteCallDocs(w, function, generic: false);
            w.Line("public global::System.Threading.Tasks.Task<global::System.Text.Json.JsonElement> " + function.MemberName
                + "Async(" + string.Join(", ", callParameters) + ")");
            w.Indent();
            w.Line("=> CallAsync(" + callArguments + ");");
            w.Unindent();
            w.Line();

            WriteCallDocs(w, function, generic: true);
            w.Line("public global::System.Threading.Tasks.Task<TResult> " + function.MemberName
                + "Async<TResult>(" + string.Join(", ", callParameters) + ")");
            w.Indent();
            w.Line("=> CallAsync<TResult>(" + callArguments + ");");
            w.Unindent();
        }
        else
        {
            WriteCallDocs(w, function, generic: false);
            w.Line("public global::System.Threading.Tasks.Task " + function.MemberName
                + "Async(" + string.Join(", ", callParameters) + ")");
            w.Indent();
            w.Line("=> CallWithoutResultAsync(" + callArguments + ");");
            w.Unindent();
        }
        w.Line();

        w.Doc("<summary>Builds the URL of <see cref=\"" + function.MemberName + "Async(" + CrefParameters(function) + ")\"/> ("
            + SourceWriter.Code(function.Method.ToUpperInvariant() + " " + function.Route) + ") without calling it.</summary>");
        WriteArgParams(w, function);
        w.Doc("<returns>The absolute URL, with every argument percent-encoded.</returns>");
        WriteArgumentException(w, function, hasPayload: false);
        w.Line("public string " + function.MemberName + "Url(" + string.Join(", ", parameters) + ")");
        w.Indent();
        w.Line("=> BuildUrl(" + function.FieldName + ", " + argsArray + ");");
        w.Unindent();

        if (function.Method == "get")
        {
            w.Line();
            w.Doc("<summary>Builds a signed URL of <see cref=\"" + function.MemberName + "Async(" + CrefParameters(function)
                + ")\"/>: anyone holding it can make this GET request without credentials until it expires.</summary>");
            WriteArgParams(w, function);
            w.Doc("<param name=\"expiration\">How long the URL stays valid; null or zero means 15 minutes.</param>");
            w.Doc("<returns>The URL with a <c>bewit</c> query parameter.</returns>");
            w.Doc("<exception cref=\"global::System.ArgumentException\">An argument is null, or <paramref name=\"expiration\"/> is negative.</exception>");
            w.Doc("<exception cref=\"global::System.InvalidOperationException\">The client has no credentials to sign with.</exception>");
            var signedParameters = new List<string>(parameters) { "global::System.TimeSpan? expiration = null" };
            w.Line("public string " + function.MemberName + "SignedUrl(" + string.Join(", ", signedParameters) + ")");
            w.Indent();
            w.Line("=> BuildSignedUrl(" + function.FieldName + ", " + argsArray + ", expiration);");
            w.Unindent();
        }
    }

    private static void WriteCallDocs(SourceWriter w, FunctionModel function, bool generic)
    {
        w.Summary(function.Title.Length > 0 ? function.Title : "Calls " + function.Name + ".");
        w.Doc("<remarks>");
        w.Paragraphs(function.Description);
        w.Doc("<para>Request: " + SourceWriter.Code(function.Method.ToUpperInvariant() + " " + function.Route)
            + " (reference entry " + SourceWriter.Code(function.Name) + ").</para>");
        WriteScopes(w, function);
        w.Doc("</remarks>");
        if (generic)
        {
            w.Doc("<typeparam name=\"TResult\">The type the response JSON is deserialized into, with the client's JSON options.</typeparam>");
        }
        WriteArgParams(w, function);
        if (function.Input is not null)
        {
            w.Doc("<param name=\"payload\">The request body, serialized to JSON; it should match the schema "
                + SourceWriter.Code(function.Input) + ".</param>");
        }
        w.Doc("<param name=\"cancellationToken\">Cancels the call, retries included.</param>");
        if (function.Output is null)
        {
            w.Doc("<returns>A task that completes when the call succeeded.</returns>");
        }
        else
        {
            w.Doc("<returns>The response JSON" + (generic ? ", deserialized" : "") + ", described by the schema "
                + SourceWriter.Code(function.Output) + ".</returns>");
        }
        w.Doc("<exception cref=\"global::Taskcluster.TaskclusterException\">The server answered with an error, or could not be reached after the retries.</exception>");
        WriteArgumentException(w, function, hasPayload: function.Input is not null);
    }

    private static void WriteScopes(SourceWriter w, FunctionModel function)
    {
        if (!function.HasScopes)
        {
            w.Doc("<para>The reference lists no required scopes.</para>");
            return;
        }
        if (function.Scopes.Count == 1)
        {
            w.Doc("<para>Requires the scopes " + ScopeSet(function.Scopes[0]) + ".</para>");
            return;
        }
        w.Doc("<para>Requires the scopes of any one of these sets:</para>");
        w.Doc("<list type=\"bullet\">");
        foreach (var set in function.Scopes) w.Doc("<item><description>" + ScopeSet(set) + "</description></item>");
        w.Doc("</list>");
    }

    private static string ScopeSet(ScopeSetModel set)
        => set.Scopes.Count == 0 ? "(none)" : string.Join(", ", set.Scopes.Select(s => SourceWriter.Code(s.Value)));

    private static void WriteArgParams(SourceWriter w, FunctionModel function)
    {
        foreach (var arg in function.Args)
        {
            w.Doc("<param name=\"" + arg.Name + "\">The " + SourceWriter.Code(arg.Name)
                + " route parameter; it is percent-encoded into the route.</param>");
        }
    }

    private static void WriteArgumentException(SourceWriter w, FunctionModel function, bool hasPayload)
    {
        if (function.Args.Count == 0 && !hasPayload) return;
        string what = function.Args.Count == 0 ? "The payload is null."
            : hasPayload ? "An argument or the payload is null."
            : "An argument is null.";
        w.Doc("<exception cref=\"global::System.ArgumentException\">" + what + "</exception>");
    }

    private static string ArgsArray(FunctionModel function)
        => function.Args.Count == 0
            ? "global::System.Array.Empty<string>()"
            : "new string[] { " + string.Join(", ", function.Args.Select(a => a.Identifier)) + " }";

    /// <summary>The parameter types of the non-generic call method, for a cref that picks exactly that overload.</summary>
    private static string CrefParameters(FunctionModel function)
    {
        var types = function.Args.Select(_ => "string").ToList();
        if (function.Input is not null) types.Add("object");
        types.Add("global::System.Threading.CancellationToken");
        return string.Join(", ", types);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
