using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;

namespace Taskcluster.Generators.Emitting;

/// <summary>Writes the C# source of an exchange client: one descriptor per exchange and two binding methods for each.</summary>
internal static class ExchangeClientEmitter
{
    /// <summary>The exchange class and, unless <paramref name="withInterface"/> is false, its interface.</summary>
    /// <param name="typed">The service to emit, with the models of its message schemas.</param>
    /// <param name="withInterface">
    /// False when another generated class already has the interface's name (TCGEN025); the class is still emitted.
    /// </param>
    public static string Emit(TypedService typed, bool withInterface = true)
    {
        var service = typed.Service;
        var w = new SourceWriter();
        Header.Write(w, service);
        w.Line("namespace " + service.Namespace);
        w.OpenBrace();

        w.Summary(service.Title.Length > 0 ? service.Title : "Bindings for the " + service.ClassName + " exchanges.");
        w.Doc("<remarks>");
        w.Paragraphs(service.Description);
        w.Doc("<para>");
        w.Doc("Generated from the TaskCluster reference" + Header.Provenance(service) + ". Exchange names start with "
            + SourceWriter.Code(service.BaseUrlOrPrefix) + " unless <see cref=\"global::Taskcluster.ClientOptions.ExchangePrefix\"/> gives another prefix.");
        w.Doc("</para>");
        w.Doc("</remarks>");
        w.Line("public sealed partial class " + service.ClassName + " : global::Taskcluster.ExchangeClient"
            + (withInterface ? ", " + InterfaceEmitter.QualifiedName(service) : ""));
        w.OpenBrace();

        w.Summary("The exchange prefix from the reference, " + service.BaseUrlOrPrefix + "; used unless the options give another.");
        w.Line("public const string DefaultExchangePrefix = " + SourceWriter.Literal(service.BaseUrlOrPrefix) + ";");
        w.Line();

        foreach (var exchange in service.Exchanges) WriteDescriptor(w, exchange);
        if (service.Exchanges.Count == 0)
        {
            w.Line("private static readonly global::Taskcluster.ExchangeEntry[] s_entries = global::System.Array.Empty<global::Taskcluster.ExchangeEntry>();");
        }
        else
        {
            w.Line("private static readonly global::Taskcluster.ExchangeEntry[] s_entries =");
            w.OpenBrace();
            foreach (var exchange in service.Exchanges) w.Line(exchange.FieldName + ",");
            w.CloseBrace(";");
        }
        w.Line();

        w.Summary("Creates an exchange client with the reference's exchange prefix.");
        w.Line("public " + service.ClassName + "()");
        w.Indent();
        w.Line(": this(null)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();
        w.Line();

        w.Summary("Creates an exchange client; the options may replace the exchange prefix.");
        w.Doc("<param name=\"options\">Options, or null for the reference's prefix.</param>");
        w.Line("public " + service.ClassName + "(global::Taskcluster.ClientOptions? options)");
        w.Indent();
        w.Line(": base(DefaultExchangePrefix, s_entries, options)");
        w.Unindent();
        w.OpenBrace();
        w.CloseBrace();

        foreach (var exchange in service.Exchanges)
        {
            w.Line();
            WriteMethods(w, service, exchange, typed.Find(exchange.Schema));
        }

        w.CloseBrace();
        var members = service.Exchanges.SelectMany(exchange => InterfaceMembers(exchange, typed.Find(exchange.Schema))).ToList();
        if (withInterface) InterfaceEmitter.WriteInterface(w, service, "bindings", members);
        w.CloseBrace();
        if (withInterface) InterfaceEmitter.WriteFakeBase(w, service, members);
        return w.ToString();
    }

    /// <summary>The open routing-key elements of an exchange: the parameters of its first binding method.</summary>
    private static List<RoutingKeyElementModel> Open(ExchangeModel exchange) => exchange.RoutingKey.Where(e => e.Constant is null).ToList();

    private static string BindingParameters(ExchangeModel exchange)
        => string.Join(", ", Open(exchange).Select(e => "string? " + e.Identifier + " = null"));

    /// <summary>
    /// The binding type: <c>Binding&lt;TMessage&gt;</c> when the message schema has a model, so that a listener
    /// hands typed messages to a handler registered for the binding; a plain <c>Binding</c> otherwise.
    /// </summary>
    private static string BindingType(SchemaClientType? message)
        => message is null ? "global::Taskcluster.Binding" : "global::Taskcluster.Binding<" + message.TypeName + ">";

    /// <summary>Both binding methods of an exchange, for the interface and the fake base.</summary>
    private static IEnumerable<InterfaceMember> InterfaceMembers(ExchangeModel exchange, SchemaClientType? message)
    {
        yield return new InterfaceMember(exchange.MemberName + "(" + string.Join(", ", Open(exchange).Select(_ => "string")) + ")",
            BindingType(message), exchange.MemberName + "(" + BindingParameters(exchange) + ")", "");
        yield return new InterfaceMember(exchange.MemberName + "(global::Taskcluster.RoutingPattern)",
            BindingType(message), exchange.MemberName + "(global::Taskcluster.RoutingPattern pattern)", "");
    }

    private static void WriteDescriptor(SourceWriter w, ExchangeModel exchange)
    {
        w.Line("private static readonly global::Taskcluster.ExchangeEntry " + exchange.FieldName + " = new global::Taskcluster.ExchangeEntry(");
        w.Indent();
        w.Line(SourceWriter.Literal(exchange.Name) + ",");
        w.Line(SourceWriter.Literal(exchange.Exchange) + ",");
        if (exchange.RoutingKey.Count == 0)
        {
            w.Line("global::System.Array.Empty<global::Taskcluster.RoutingKeyElement>(),");
        }
        else
        {
            w.Line("new global::Taskcluster.RoutingKeyElement[]");
            w.OpenBrace();
            foreach (var element in exchange.RoutingKey)
            {
                w.Line("new global::Taskcluster.RoutingKeyElement("
                    + SourceWriter.Literal(element.Name) + ", "
                    + SourceWriter.Literal(element.Summary) + ", "
                    + (element.Constant is null ? "null" : SourceWriter.Literal(element.Constant)) + ", "
                    + Bool(element.Required) + ", "
                    + Bool(element.MultipleWords) + ", "
                    + element.MaxSize.ToString(CultureInfo.InvariantCulture) + "),");
            }
            w.CloseBrace(",");
        }
        w.Line(SourceWriter.Literal(exchange.Title) + ");");
        w.Unindent();
        w.Line();
    }

    private static void WriteMethods(SourceWriter w, ServiceModel service, ExchangeModel exchange, SchemaClientType? message)
    {
        string messageType = message is null ? "" : ", " + message.TypeInfo;
        var open = Open(exchange);

        WriteSummaryAndRemarks(w, service, exchange, rawPattern: false);
        foreach (var element in open)
        {
            string summary = SourceWriter.XmlText(OneLine(element.Summary));
            string wildcard = element.MultipleWords
                ? "null matches any number of words (<c>#</c>)"
                : "null matches any one word (<c>*</c>); a value must not contain a dot";
            w.Doc("<param name=\"" + element.Name + "\">" + (summary.Length > 0 ? EndSentence(summary) + " " : "")
                + Capitalize(wildcard) + ".</param>");
        }
        w.Doc(Returns(message));
        if (open.Any(e => !e.MultipleWords))
        {
            w.Doc("<exception cref=\"global::System.ArgumentException\">A single-word value contains a dot.</exception>");
        }
        w.Line("public " + BindingType(message) + " " + exchange.MemberName + "(" + BindingParameters(exchange) + ")");
        w.Indent();
        string values = exchange.RoutingKey.Count == 0
            ? "global::System.Array.Empty<string?>()"
            : "new string?[] { " + string.Join(", ", exchange.RoutingKey.Select(e => e.Constant is null ? e.Identifier : "null")) + " }";
        w.Line("=> CreateBinding(" + exchange.FieldName + ", " + values + messageType + ");");
        w.Unindent();
        w.Line();

        WriteSummaryAndRemarks(w, service, exchange, rawPattern: true);
        w.Doc("<param name=\"pattern\">The routing-key pattern, for example <c>RoutingPattern.Raw(\"route.my.route\")</c>.</param>");
        w.Doc(Returns(message));
        w.Doc("<exception cref=\"global::System.ArgumentException\">The pattern is empty.</exception>");
        w.Line("public " + BindingType(message) + " " + exchange.MemberName + "(global::Taskcluster.RoutingPattern pattern)");
        w.Indent();
        w.Line("=> CreateBinding(" + exchange.FieldName + ", pattern" + messageType + ");");
        w.Unindent();
    }

    private static string Returns(SchemaClientType? message)
        => message is null
            ? "<returns>A binding to pass to a listener.</returns>"
            : "<returns>A binding to pass to a listener; <c>OnMessage</c> with it hands the handler <see cref=\"" + message.TypeName + "\"/> messages.</returns>";

    private static void WriteSummaryAndRemarks(SourceWriter w, ServiceModel service, ExchangeModel exchange, bool rawPattern)
    {
        w.Summary(exchange.Title.Length > 0 ? exchange.Title : "Binds to the " + exchange.Exchange + " exchange.");
        w.Doc("<remarks>");
        w.Paragraphs(exchange.Description);
        w.Doc("<para>Exchange " + SourceWriter.Code(service.BaseUrlOrPrefix + exchange.Exchange)
            + " (with the default prefix), reference entry " + SourceWriter.Code(exchange.Name)
            + (exchange.Schema.Length > 0 ? "; messages match the schema " + SourceWriter.Code(exchange.Schema) : "") + ".</para>");
        if (rawPattern)
        {
            w.Doc("<para>This overload binds with a pattern used as it is, for routing keys the exchange's layout does not describe, such as the routes messages are copied to.</para>");
        }
        else
        {
            foreach (var constant in exchange.RoutingKey.Where(e => e.Constant is not null))
            {
                w.Doc("<para>The routing-key element " + SourceWriter.Code(constant.Name) + " is always "
                    + SourceWriter.Code(constant.Constant!) + ".</para>");
            }
        }
        w.Doc("</remarks>");
    }

    private static string OneLine(string text)
        => string.Join(" ", text.Replace("\r\n", "\n").Split('\n', '\r').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string EndSentence(string text)
        => text.EndsWith(".") || text.EndsWith("!") || text.EndsWith("?") ? text : text + ".";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static string Bool(bool value) => value ? "true" : "false";
}
