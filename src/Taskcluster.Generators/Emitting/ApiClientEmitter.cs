using System.Collections.Generic;
using System.Linq;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Parsing;

namespace Taskcluster.Generators.Emitting;

/// <summary>Writes the C# source of an API client: one descriptor per function, and call, URL and signed-URL methods.</summary>
internal static class ApiClientEmitter
{
    private const string CancellationParameter = "global::System.Threading.CancellationToken cancellationToken = default";

    /// <summary>The client class and, unless <paramref name="withInterface"/> is false, its interface.</summary>
    /// <param name="typed">The service to emit, with the models its entries name.</param>
    /// <param name="withInterface">
    /// False when another generated class already has the interface's name (TCGEN025); the class is still emitted.
    /// </param>
    public static string Emit(TypedService typed, bool withInterface = true)
    {
        var service = typed.Service;
        var calls = service.Functions.Select(function => new Call(function, typed)).ToList();
        var w = new SourceWriter();
        Header.Write(w, service);
        w.Line("namespace " + service.Namespace);
        w.OpenBrace();

        w.Summary(service.Title.Length > 0 ? service.Title : "Client for the " + service.ClassName + " API.");
        w.Doc("<remarks>");
        w.Paragraphs(service.Description);
        w.Doc("<para>");
        bool rooted = IsRooted(service);
        if (rooted)
        {
            w.Doc("Generated from the TaskCluster reference" + Header.Provenance(service) + ". Requests go to "
                + SourceWriter.Code("<rootUrl>/api/" + service.ServiceName + "/" + service.ApiVersion)
                + " of the deployment named by <see cref=\"global::Taskcluster.ClientOptions.RootUrl\"/> (or "
                + SourceWriter.Code("TASKCLUSTER_ROOT_URL") + "), unless <see cref=\"global::Taskcluster.ClientOptions.BaseUrl\"/> names another base URL.");
        }
        else
        {
            w.Doc("Generated from the TaskCluster reference" + Header.Provenance(service) + " (2014 format). Requests go to "
                + SourceWriter.Code(service.BaseUrlOrPrefix) + " unless <see cref=\"global::Taskcluster.ClientOptions.BaseUrl\"/> names another base URL.");
        }
        w.Doc("</para>");
        w.Doc("</remarks>");
        w.Line("public sealed partial class " + service.ClassName + " : global::Taskcluster.ApiClient"
            + (withInterface ? ", " + InterfaceEmitter.QualifiedName(service) : ""));
        w.OpenBrace();

        if (rooted)
        {
            w.Summary("The service's name in URLs and scopes, " + service.ServiceName + ".");
            w.Line("public const string ServiceName = " + SourceWriter.Literal(service.ServiceName) + ";");
            w.Line();
            w.Summary("The API version this client was generated for, " + service.ApiVersion + ".");
            w.Line("public const string ApiVersion = " + SourceWriter.Literal(service.ApiVersion) + ";");
        }
        else
        {
            w.Summary("The base URL from the reference, " + service.BaseUrlOrPrefix + "; used unless the options give another.");
            w.Line("public const string DefaultBaseUrl = " + SourceWriter.Literal(service.BaseUrlOrPrefix) + ";");
        }
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

        w.Doc("<summary>Creates a client with the process-wide defaults (<see cref=\"global::Taskcluster.ClientDefaults\"/>), and the root URL and credentials from the environment, if any.</summary>");
        if (rooted)
        {
            w.Doc("<exception cref=\"global::System.ArgumentException\">No root URL is configured (defaults or <c>TASKCLUSTER_ROOT_URL</c>).</exception>");
        }
        w.Line("public " + service.ClassName + "()");
        w.Indent();
        w.Line(": this(null)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();
        w.Line();

        w.Summary("Creates a client with the given options; unset options fall back to the process-wide defaults.");
        if (rooted)
        {
            w.Doc("<param name=\"options\">Root URL, credentials and other options, or null for the defaults.</param>");
            w.Doc("<exception cref=\"global::System.ArgumentException\">No root URL is configured (options, defaults or <c>TASKCLUSTER_ROOT_URL</c>) and no base URL is given, or one is not an absolute http or https URL.</exception>");
        }
        else
        {
            w.Doc("<param name=\"options\">Credentials, base URL and other options, or null for the defaults.</param>");
            w.Doc("<exception cref=\"global::System.ArgumentException\">The base URL is not an absolute http or https URL.</exception>");
        }
        w.Line("public " + service.ClassName + "(global::Taskcluster.ClientOptions? options)");
        w.Indent();
        w.Line(rooted ? ": base(ServiceName, ApiVersion, s_entries, options)" : ": base(DefaultBaseUrl, s_entries, options)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();

        foreach (var call in calls)
        {
            w.Line();
            WriteMethods(w, call, service);
        }

        w.CloseBrace();
        var members = calls.SelectMany(call => InterfaceMembers(call, service)).ToList();
        if (withInterface) InterfaceEmitter.WriteInterface(w, service, "calls", members);
        w.CloseBrace();
        if (withInterface) InterfaceEmitter.WriteFakeBase(w, service, members);
        return w.ToString();
    }

    /// <summary>
    /// One function and the models of its schemas. A function is typed when every schema it names has a model: it
    /// then takes and returns those models; otherwise it keeps the JSON forms (an <c>object</c> payload, a
    /// <c>JsonElement</c> result), as 2014 references and schema-less entries do.
    /// </summary>
    private sealed class Call
    {
        public Call(FunctionModel function, TypedService typed)
        {
            Function = function;
            var input = typed.Find(function.Input);
            var output = typed.Find(function.Output);
            bool typedInput = function.Input is null || input is not null;
            bool typedOutput = function.Output is null || output is not null;
            if (typedInput && typedOutput && (input is not null || output is not null))
            {
                Input = input;
                Output = output;
            }
        }

        public FunctionModel Function { get; }

        /// <summary>The payload's model, when the function is typed and takes one.</summary>
        public SchemaClientType? Input { get; }

        /// <summary>The result's model, when the function is typed and returns one.</summary>
        public SchemaClientType? Output { get; }

        public bool IsTyped => Input is not null || Output is not null;

        public string PayloadType => Input?.TypeName ?? "object";

        /// <summary>The body argument of the typed base-class calls.</summary>
        public string Body => Input is null ? "global::Taskcluster.RequestBody.None" : "global::Taskcluster.RequestBody.Of(payload, " + Input.TypeInfo + ")";

        /// <summary>Whether pages come typed: a typed result with a continuationToken property.</summary>
        public bool HasTypedPages => Output is not null && Output.ContinuationMember.Length > 0;

        public bool HasItems(ServiceModel service)
            => HasTypedPages && Output!.ItemsMember.Length > 0
                && !service.Functions.Any(other => other.MemberName == Function.MemberName + "Items");
    }

    private static bool IsRooted(ServiceModel service) => service.ServiceName.Length > 0;

    private static void WriteDescriptor(SourceWriter w, FunctionModel function)
    {
        w.Line("private static readonly global::Taskcluster.ApiEntry " + function.FieldName + " = new global::Taskcluster.ApiEntry(");
        w.Indent();
        w.Line(SourceWriter.Literal(function.Name) + ", " + SourceWriter.Literal(function.Method) + ", "
            + SourceWriter.Literal(function.Route) + ", " + StringArray(function.Args.Select(a => SourceWriter.Literal(a.Name))) + ",");
        var named = new List<string> { "hasInput: " + Bool(function.Input is not null), "hasOutput: " + Bool(function.Output is not null) };
        if (function.Scopes is not null) named.Add("scopes: " + ScopeExpression(function.Scopes));
        if (function.Query.Count > 0) named.Add("query: " + StringArray(function.Query.Select(q => SourceWriter.Literal(q.Name))));
        for (int i = 0; i < named.Count; i++) w.Line(named[i] + (i == named.Count - 1 ? ");" : ","));
        w.Unindent();
        w.Line();
    }

    private static string ScopeExpression(ScopeExpressionModel expression)
    {
        const string type = "global::Taskcluster.ScopeExpression";
        return expression.Kind switch
        {
            ScopeNodeKind.Scope => type + ".Scope(" + SourceWriter.Literal(expression.Text) + ")",
            ScopeNodeKind.AllOf => type + ".AllOf(" + string.Join(", ", expression.Items.Select(ScopeExpression)) + ")",
            ScopeNodeKind.AnyOf => type + ".AnyOf(" + string.Join(", ", expression.Items.Select(ScopeExpression)) + ")",
            ScopeNodeKind.If => type + ".If(" + SourceWriter.Literal(expression.Text) + ", " + ScopeExpression(expression.Then!)
                + (expression.Else is null ? "" : ", " + ScopeExpression(expression.Else)) + ")",
            _ => type + ".ForEach(" + SourceWriter.Literal(expression.Variable) + ", " + SourceWriter.Literal(expression.List) + ", "
                + SourceWriter.Literal(expression.Text) + ")",
        };
    }

    private static List<string> ArgParameters(FunctionModel function) => function.Args.Select(a => "string " + a.Identifier).ToList();

    private static List<string> QueryParameters(FunctionModel function, string? skip)
        => function.Query.Where(q => q.Name != skip).Select(q => QueryType(q) + " " + q.Identifier + " = null").ToList();

    /// <summary>The parameters of the call methods: arguments, payload, query, cancellation.</summary>
    private static List<string> CallParameters(Call call)
    {
        var function = call.Function;
        var parameters = ArgParameters(function);
        if (function.Input is not null) parameters.Add(call.PayloadType + " payload");
        parameters.AddRange(QueryParameters(function, skip: null));
        parameters.Add(CancellationParameter);
        return parameters;
    }

    /// <summary>The parameters of the pages method: the call's, less the continuation token that paging supplies.</summary>
    private static List<string> PageParameters(Call call)
    {
        var function = call.Function;
        var parameters = ArgParameters(function);
        if (function.Input is not null) parameters.Add(call.PayloadType + " payload");
        parameters.AddRange(QueryParameters(function, skip: "continuationToken"));
        parameters.Add(CancellationParameter);
        return parameters;
    }

    private static List<string> UrlParameters(FunctionModel function)
    {
        var parameters = ArgParameters(function);
        parameters.AddRange(QueryParameters(function, skip: null));
        return parameters;
    }

    private static List<string> SignedUrlParameters(FunctionModel function)
        => new List<string>(UrlParameters(function)) { "global::System.TimeSpan? expiration = null" };

    private static bool HasPages(FunctionModel function) => ReferenceParser.HasPaging(function.Query) && function.Output is not null;

    private static void WriteMethods(SourceWriter w, Call call, ServiceModel service)
    {
        var function = call.Function;
        string argsArray = ArgsArray(function);
        string queryArray = QueryArray(function, skip: null);
        bool hasInput = function.Input is not null;
        string callParameters = string.Join(", ", CallParameters(call));
        string obsolete = ObsoleteAttribute(function);
        string query = function.Query.Count > 0 ? queryArray : "null";

        WriteCallDocs(w, call, generic: false);
        if (obsolete.Length > 0) w.Line(obsolete);
        if (call.IsTyped)
        {
            if (call.Output is { } output)
            {
                w.Line("public global::System.Threading.Tasks.Task<" + output.TypeName + "> " + function.MemberName + "Async(" + callParameters + ")");
                w.Indent();
                w.Line("=> CallAsync(" + function.FieldName + ", " + argsArray + ", " + call.Body + ", " + query + ", " + output.TypeInfo + ", cancellationToken);");
            }
            else
            {
                w.Line("public global::System.Threading.Tasks.Task " + function.MemberName + "Async(" + callParameters + ")");
                w.Indent();
                w.Line("=> CallWithoutResultAsync(" + function.FieldName + ", " + argsArray + ", " + call.Body + ", " + query + ", cancellationToken);");
            }
            w.Unindent();
        }
        else
        {
            string callArguments = function.FieldName + ", " + argsArray + ", " + (hasInput ? "payload" : "null")
                + (function.Query.Count > 0 ? ", " + queryArray : "") + ", cancellationToken";
            if (function.Output is not null)
            {
                w.Line("public global::System.Threading.Tasks.Task<global::System.Text.Json.JsonElement> " + function.MemberName
                    + "Async(" + callParameters + ")");
                w.Indent();
                w.Line("=> CallAsync(" + callArguments + ");");
                w.Unindent();
                w.Line();

                WriteCallDocs(w, call, generic: true);
                if (obsolete.Length > 0) w.Line(obsolete);
                w.Line("public global::System.Threading.Tasks.Task<TResult> " + function.MemberName
                    + "Async<TResult>(" + callParameters + ")");
                w.Indent();
                w.Line("=> CallAsync<TResult>(" + callArguments + ");");
                w.Unindent();
            }
            else
            {
                w.Line("public global::System.Threading.Tasks.Task " + function.MemberName + "Async(" + callParameters + ")");
                w.Indent();
                w.Line("=> CallWithoutResultAsync(" + callArguments + ");");
                w.Unindent();
            }
        }
        w.Line();

        if (HasPages(function))
        {
            WritePages(w, call, obsolete);
            w.Line();
            if (call.HasItems(service))
            {
                WriteItems(w, call, obsolete);
                w.Line();
            }
        }

        w.Doc("<summary>Builds the URL of <see cref=\"" + function.MemberName + "Async(" + CrefParameters(call) + ")\"/> ("
            + SourceWriter.Code(function.Method.ToUpperInvariant() + " " + function.Route) + ") without calling it.</summary>");
        WriteArgParams(w, function);
        WriteQueryParams(w, function, skip: null);
        w.Doc("<returns>The absolute URL, with every argument and query value percent-encoded.</returns>");
        WriteArgumentException(w, function, hasPayload: false);
        w.Line("public string " + function.MemberName + "Url(" + string.Join(", ", UrlParameters(function)) + ")");
        w.Indent();
        w.Line(function.Query.Count > 0
            ? "=> BuildUrl(" + function.FieldName + ", " + argsArray + ", " + queryArray + ");"
            : "=> BuildUrl(" + function.FieldName + ", " + argsArray + ");");
        w.Unindent();

        if (function.Method == "get")
        {
            w.Line();
            w.Doc("<summary>Builds a signed URL of <see cref=\"" + function.MemberName + "Async(" + CrefParameters(call)
                + ")\"/>: anyone holding it can make this GET request without credentials until it expires.</summary>");
            WriteArgParams(w, function);
            WriteQueryParams(w, function, skip: null);
            w.Doc("<param name=\"expiration\">How long the URL stays valid; null or zero means 15 minutes.</param>");
            w.Doc("<returns>The URL with a <c>bewit</c> query parameter.</returns>");
            w.Doc("<exception cref=\"global::System.ArgumentException\">An argument is null, or <paramref name=\"expiration\"/> is negative.</exception>");
            w.Doc("<exception cref=\"global::System.InvalidOperationException\">The client has no credentials to sign with.</exception>");
            w.Line("public string " + function.MemberName + "SignedUrl(" + string.Join(", ", SignedUrlParameters(function)) + ")");
            w.Indent();
            w.Line(function.Query.Count > 0
                ? "=> BuildSignedUrl(" + function.FieldName + ", " + argsArray + ", " + queryArray + ", expiration);"
                : "=> BuildSignedUrl(" + function.FieldName + ", " + argsArray + ", expiration);");
            w.Unindent();
        }
    }

    /// <summary>The pages method's return type: the typed page, or JSON.</summary>
    private static string PageType(Call call)
        => call.HasTypedPages ? call.Output!.TypeName : "global::System.Text.Json.JsonElement";

    private static void WritePageDocs(SourceWriter w, Call call, string summary, string returns)
    {
        var function = call.Function;
        bool hasInput = function.Input is not null;
        w.Summary(summary);
        w.Doc("<remarks>");
        w.Doc("<para>Calls " + SourceWriter.Code(function.Method.ToUpperInvariant() + " " + function.Route)
            + " once per page as the pages are enumerated, passing each page's " + SourceWriter.Code("continuationToken")
            + " to the next request" + (hasInput ? " and sending the same payload every time" : "")
            + ", until a page has none. A failed page ends the enumeration with its exception.</para>");
        WriteScopes(w, function);
        w.Doc("</remarks>");
        WriteArgParams(w, function);
        if (hasInput) w.Doc("<param name=\"payload\">The request body, serialized to JSON once and sent with every page request.</param>");
        WriteQueryParams(w, function, skip: "continuationToken");
        w.Doc("<param name=\"cancellationToken\">Cancels the enumeration, including a page request in flight.</param>");
        w.Doc("<returns>" + returns + "</returns>");
        WriteArgumentException(w, function, hasPayload: hasInput);
    }

    private static void WritePages(SourceWriter w, Call call, string obsolete)
    {
        var function = call.Function;
        bool hasInput = function.Input is not null;
        WritePageDocs(w, call, "Every page of " + (function.Title.Length > 0 ? function.Title : function.Name) + ", following continuationToken.",
            call.HasTypedPages ? "The pages, in order." : "The pages, as the server sent them.");
        if (obsolete.Length > 0) w.Line(obsolete);
        w.Line("public global::System.Collections.Generic.IAsyncEnumerable<" + PageType(call) + "> " + function.MemberName
            + "PagesAsync(" + string.Join(", ", PageParameters(call)) + ")");
        w.Indent();
        string query = QueryArray(function, skip: "continuationToken");
        if (call.HasTypedPages)
        {
            w.Line("=> PagesAsync(" + function.FieldName + ", " + ArgsArray(function) + ", " + call.Body + ", " + query + ", "
                + call.Output!.TypeInfo + ", static page => page." + call.Output.ContinuationMember + ", cancellationToken);");
        }
        else
        {
            string body = call.IsTyped ? call.Body : hasInput ? "payload" : "null";
            w.Line("=> PagesAsync(" + function.FieldName + ", " + ArgsArray(function) + ", " + body + ", " + query + ", cancellationToken);");
        }
        w.Unindent();
    }

    /// <summary>
    /// The items form of a typed paged function: every element of the page's one list, across all pages, so that a
    /// caller writes one <c>await foreach</c> instead of two loops.
    /// </summary>
    private static void WriteItems(SourceWriter w, Call call, string obsolete)
    {
        var function = call.Function;
        var output = call.Output!;
        WritePageDocs(w, call,
            "Every item of " + (function.Title.Length > 0 ? function.Title : function.Name) + ": the " + SourceWriter.Code(output.ItemsMember)
                + " of each page in turn, following continuationToken.",
            "The items of every page, in order.");
        if (obsolete.Length > 0) w.Line(obsolete);
        w.Line("public global::System.Collections.Generic.IAsyncEnumerable<" + output.ItemTypeName + "> " + function.MemberName
            + "ItemsAsync(" + string.Join(", ", PageParameters(call)) + ")");
        w.Indent();
        var arguments = function.Args.Select(a => a.Identifier).ToList();
        if (function.Input is not null) arguments.Add("payload");
        arguments.AddRange(function.Query.Where(q => q.Name != "continuationToken").Select(q => q.Identifier));
        arguments.Add("cancellationToken");
        w.Line("=> ItemsOf<" + output.TypeName + ", " + output.ItemTypeName + ">(" + function.MemberName + "PagesAsync(" + string.Join(", ", arguments)
            + "), static page => page." + output.ItemsMember + ", cancellationToken);");
        w.Unindent();
    }

    /// <summary>
    /// References name query parameters without types. <c>limit</c> is a page size everywhere TaskCluster uses it,
    /// so it is an <c>int?</c>; every other parameter is a string.
    /// </summary>
    private static string QueryType(ArgModel parameter) => parameter.Name == "limit" ? "int?" : "string?";

    private static string QueryValue(ArgModel parameter)
        => parameter.Name == "limit"
            ? parameter.Identifier + "?.ToString(global::System.Globalization.CultureInfo.InvariantCulture)"
            : parameter.Identifier;

    /// <summary>The query values in the entry's order; the skipped one (paging fills it in) is null.</summary>
    private static string QueryArray(FunctionModel function, string? skip)
        => "new string?[] { " + string.Join(", ", function.Query.Select(q => q.Name == skip ? "null" : QueryValue(q))) + " }";

    private static void WriteQueryParams(SourceWriter w, FunctionModel function, string? skip)
    {
        foreach (var parameter in function.Query)
        {
            if (parameter.Name == skip) continue;
            string meaning = parameter.Name switch
            {
                "continuationToken" => "The token from the previous page's <c>continuationToken</c>; null for the first page.",
                "limit" => "The most results to return in one page; null for the server's default.",
                _ => "The optional " + SourceWriter.Code(parameter.Name) + " query parameter; null leaves it out.",
            };
            w.Doc("<param name=\"" + parameter.Name + "\">" + meaning + "</param>");
        }
    }

    private static string ObsoleteAttribute(FunctionModel function)
    {
        if (function.Stability != "deprecated") return "";
        string text = "Deprecated by TaskCluster: " + SourceWriter.OneLine(function.Title.Length > 0 ? function.Title : function.Name)
            + ". See the method's documentation.";
        return "[global::System.Obsolete(" + SourceWriter.Literal(text) + ")]";
    }

    private static void WriteCallDocs(SourceWriter w, Call call, bool generic)
    {
        var function = call.Function;
        w.Summary(function.Title.Length > 0 ? function.Title : "Calls " + function.Name + ".");
        w.Doc("<remarks>");
        w.Paragraphs(function.Description);
        w.Doc("<para>Request: " + SourceWriter.Code(function.Method.ToUpperInvariant() + " " + function.Route)
            + " (reference entry " + SourceWriter.Code(function.Name) + ").</para>");
        WriteStability(w, function);
        WriteScopes(w, function);
        w.Doc("</remarks>");
        if (generic)
        {
            w.Doc("<typeparam name=\"TResult\">The type the response JSON is deserialized into, with the client's JSON options.</typeparam>");
        }
        WriteArgParams(w, function);
        if (function.Input is not null)
        {
            w.Doc(call.Input is not null
                ? "<param name=\"payload\">The request body (schema " + SourceWriter.Code(function.Input) + ").</param>"
                : "<param name=\"payload\">The request body, serialized to JSON; it should match the schema " + SourceWriter.Code(function.Input) + ".</param>");
        }
        WriteQueryParams(w, function, skip: null);
        w.Doc("<param name=\"cancellationToken\">Cancels the call, retries included.</param>");
        if (function.Output is null)
        {
            w.Doc("<returns>A task that completes when the call succeeded.</returns>");
        }
        else if (call.Output is not null)
        {
            w.Doc("<returns>The response (schema " + SourceWriter.Code(function.Output) + ").</returns>");
        }
        else
        {
            w.Doc("<returns>The response JSON" + (generic ? ", deserialized" : "") + ", described by the schema "
                + SourceWriter.Code(function.Output) + ".</returns>");
        }
        w.Doc("<exception cref=\"global::Taskcluster.TaskclusterException\">The server answered with an error, or could not be reached after the retries.</exception>");
        WriteArgumentException(w, function, hasPayload: function.Input is not null);
    }

    private static void WriteStability(SourceWriter w, FunctionModel function)
    {
        if (function.Stability == "deprecated")
            w.Doc("<para><b>Deprecated:</b> TaskCluster marks this end-point deprecated; it may be removed from a future deployment.</para>");
        else if (function.Stability == "experimental")
            w.Doc("<para><b>Experimental:</b> TaskCluster may still change or remove this end-point.</para>");
    }

    private static void WriteScopes(SourceWriter w, FunctionModel function)
    {
        if (function.Scopes is null)
        {
            w.Doc("<para>The reference lists no required scopes.</para>");
            return;
        }
        w.Doc("<para>Requires " + SourceWriter.XmlText(DescribeScopes(function.Scopes, topLevel: true)) + ".</para>");
    }

    /// <summary>
    /// A scope expression in words, the same wording <c>Taskcluster.ScopeExpression.ToString()</c> uses at run time:
    /// <c>all of: a; any of: (b, c)</c>.
    /// </summary>
    internal static string DescribeScopes(ScopeExpressionModel expression, bool topLevel)
    {
        switch (expression.Kind)
        {
            case ScopeNodeKind.Scope:
                return expression.Text;
            case ScopeNodeKind.If:
                return "if " + expression.Text + ": " + DescribeScopes(expression.Then!, false)
                    + (expression.Else is null ? "" : ", else: " + DescribeScopes(expression.Else, false));
            case ScopeNodeKind.ForEach:
                return expression.Text + " for each " + expression.Variable + " in " + expression.List;
            default:
                if (expression.Items.Count == 0) return expression.Kind == ScopeNodeKind.AllOf ? "(none)" : "(impossible)";
                if (expression.Items.Count == 1) return DescribeScopes(expression.Items[0], topLevel);
                string items = string.Join(topLevel ? "; " : ", ", expression.Items.Select(item => DescribeScopes(item, false)));
                return (expression.Kind == ScopeNodeKind.AllOf ? "all of: " : "any of: ") + (topLevel ? items : "(" + items + ")");
        }
    }

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

    private static string ArgsArray(FunctionModel function) => StringArray(function.Args.Select(a => a.Identifier));

    private static string StringArray(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", list) + " }";
    }

    /// <summary>The parameter types of the non-generic call method, for a cref that picks exactly that overload.</summary>
    private static string CrefParameters(Call call) => CrefTypes(call, payload: true, skip: null, cancellation: true, expiration: false);

    /// <summary>
    /// Parameter types in cref syntax (<c>Nullable{int}</c>, no nullable reference annotations), in the order the
    /// parameter lists above use.
    /// </summary>
    private static string CrefTypes(Call call, bool payload, string? skip, bool cancellation, bool expiration)
    {
        var function = call.Function;
        var types = function.Args.Select(_ => "string").ToList();
        if (payload && function.Input is not null) types.Add(call.PayloadType);
        types.AddRange(function.Query.Where(q => q.Name != skip).Select(q => q.Name == "limit" ? "global::System.Nullable{int}" : "string"));
        if (cancellation) types.Add("global::System.Threading.CancellationToken");
        if (expiration) types.Add("global::System.Nullable{global::System.TimeSpan}");
        return string.Join(", ", types);
    }

    /// <summary>
    /// The members of the interface (and of the fake base): every generated method with the class's signature, and
    /// the cref of the class member that documents it.
    /// </summary>
    private static List<InterfaceMember> InterfaceMembers(Call call, ServiceModel service)
    {
        var function = call.Function;
        var members = new List<InterfaceMember>();
        string obsolete = ObsoleteAttribute(function);
        void Add(string cref, string returnType, string nameAndParameters)
            => members.Add(new InterfaceMember(cref, returnType, nameAndParameters, obsolete));

        string parameters = string.Join(", ", CallParameters(call));
        string callCref = "(" + CrefParameters(call) + ")";
        string pageParameters = string.Join(", ", PageParameters(call));
        string pageCref = "(" + CrefTypes(call, payload: true, skip: "continuationToken", cancellation: true, expiration: false) + ")";
        if (call.Output is { } output)
        {
            Add(function.MemberName + "Async" + callCref, "global::System.Threading.Tasks.Task<" + output.TypeName + ">", function.MemberName + "Async(" + parameters + ")");
        }
        else if (function.Output is not null)
        {
            Add(function.MemberName + "Async" + callCref,
                "global::System.Threading.Tasks.Task<global::System.Text.Json.JsonElement>", function.MemberName + "Async(" + parameters + ")");
            Add(function.MemberName + "Async{TResult}" + callCref,
                "global::System.Threading.Tasks.Task<TResult>", function.MemberName + "Async<TResult>(" + parameters + ")");
        }
        else
        {
            Add(function.MemberName + "Async" + callCref, "global::System.Threading.Tasks.Task", function.MemberName + "Async(" + parameters + ")");
        }
        if (HasPages(function))
        {
            Add(function.MemberName + "PagesAsync" + pageCref,
                "global::System.Collections.Generic.IAsyncEnumerable<" + PageType(call) + ">",
                function.MemberName + "PagesAsync(" + pageParameters + ")");
            if (call.HasItems(service))
            {
                Add(function.MemberName + "ItemsAsync" + pageCref,
                    "global::System.Collections.Generic.IAsyncEnumerable<" + call.Output!.ItemTypeName + ">",
                    function.MemberName + "ItemsAsync(" + pageParameters + ")");
            }
        }
        Add(function.MemberName + "Url(" + CrefTypes(call, payload: false, skip: null, cancellation: false, expiration: false) + ")",
            "string", function.MemberName + "Url(" + string.Join(", ", UrlParameters(function)) + ")");
        if (function.Method == "get")
        {
            Add(function.MemberName + "SignedUrl(" + CrefTypes(call, payload: false, skip: null, cancellation: false, expiration: true) + ")",
                "string", function.MemberName + "SignedUrl(" + string.Join(", ", SignedUrlParameters(function)) + ")");
        }
        return members;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
