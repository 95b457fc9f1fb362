namespace Taskcluster.Generators.Model;

/// <summary>Whether a reference describes HTTP functions or AMQP topic exchanges.</summary>
internal enum ServiceKind
{
    /// <summary>A reference with <c>function</c> entries (a <c>baseUrl</c>, or a <c>serviceName</c> and <c>apiVersion</c>).</summary>
    Api,

    /// <summary>A reference with an <c>exchangePrefix</c> and <c>topic-exchange</c> entries.</summary>
    Exchanges,
}

/// <summary>One generated client class: everything the emitter needs, already validated and named.</summary>
/// <param name="SourcePath">The reference file the service came from.</param>
/// <param name="ClassName">The C# class name (a valid identifier).</param>
/// <param name="Kind">API or exchange reference.</param>
/// <param name="Title">The reference's title ("" when absent).</param>
/// <param name="Description">The reference's description ("" when absent).</param>
/// <param name="Version">The reference's version ("" when absent).</param>
/// <param name="ReferenceUrl">Where the reference was published ("" when unknown).</param>
/// <param name="BaseUrlOrPrefix">
/// The base URL of a 2014-format API ("" for today's format, addressed by root URL), or the exchange prefix.
/// </param>
/// <param name="ServiceName">Today's format: the service's name, for example <c>queue</c> ("" for the 2014 format).</param>
/// <param name="ApiVersion">Today's format: the API version, for example <c>v1</c> ("" for the 2014 format).</param>
/// <param name="Functions">The functions of an API reference, in reference order.</param>
/// <param name="Exchanges">The exchanges of an exchange reference, in reference order.</param>
internal sealed record ServiceModel(
    string SourcePath,
    string ClassName,
    ServiceKind Kind,
    string Title,
    string Description,
    string Version,
    string ReferenceUrl,
    string BaseUrlOrPrefix,
    string ServiceName,
    string ApiVersion,
    EquatableArray<FunctionModel> Functions,
    EquatableArray<ExchangeModel> Exchanges);

/// <summary>One route argument of a function.</summary>
/// <param name="Name">The name in the reference, as it appears in the route.</param>
/// <param name="Identifier">The C# parameter name, keyword-escaped (<c>@namespace</c>).</param>
internal sealed record ArgModel(string Name, string Identifier);

/// <summary>The node kinds of a scope expression.</summary>
internal enum ScopeNodeKind
{
    Scope,
    AllOf,
    AnyOf,
    If,
    ForEach,
}

/// <summary>A scope expression: a scope, <c>AllOf</c>, <c>AnyOf</c>, <c>if</c>/<c>then</c>/<c>else</c> or <c>for</c>/<c>in</c>/<c>each</c>.</summary>
/// <param name="Kind">The node kind.</param>
/// <param name="Text">The scope, the <c>if</c> parameter, or the <c>each</c> template ("" otherwise).</param>
/// <param name="Items">The items of <c>AllOf</c> / <c>AnyOf</c>.</param>
/// <param name="Then">The <c>then</c> branch of an <c>if</c>.</param>
/// <param name="Else">The <c>else</c> branch of an <c>if</c>, or null.</param>
/// <param name="Variable">The <c>for</c> variable ("" otherwise).</param>
/// <param name="List">The <c>in</c> parameter ("" otherwise).</param>
internal sealed record ScopeExpressionModel(
    ScopeNodeKind Kind,
    string Text,
    EquatableArray<ScopeExpressionModel> Items,
    ScopeExpressionModel? Then,
    ScopeExpressionModel? Else,
    string Variable,
    string List);

/// <summary>One function entry of an API reference.</summary>
/// <param name="Name">The entry's name in the reference, for example <c>createTask</c>.</param>
/// <param name="MemberName">The PascalCase stem of the generated members, for example <c>CreateTask</c>.</param>
/// <param name="FieldName">The private static field holding the entry's descriptor.</param>
/// <param name="Method">The HTTP method, lower case.</param>
/// <param name="Route">The route template.</param>
/// <param name="Args">The route arguments in call order.</param>
/// <param name="Title">The entry's title ("" when absent).</param>
/// <param name="Description">The entry's description ("" when absent).</param>
/// <param name="Query">The optional query-string parameters, in reference order.</param>
/// <param name="Scopes">The scopes the call needs, or null when the reference states none.</param>
/// <param name="Input">The input schema URL, or null when the call takes no payload.</param>
/// <param name="Output">The output schema URL, or null when the call returns nothing.</param>
/// <param name="Stability">The entry's stability (<c>stable</c>, <c>experimental</c>, <c>deprecated</c>; "" when absent).</param>
/// <param name="Category">The entry's category ("" when absent).</param>
internal sealed record FunctionModel(
    string Name,
    string MemberName,
    string FieldName,
    string Method,
    string Route,
    EquatableArray<ArgModel> Args,
    string Title,
    string Description,
    EquatableArray<ArgModel> Query,
    ScopeExpressionModel? Scopes,
    string? Input,
    string? Output,
    string Stability,
    string Category);

/// <summary>One topic exchange of an exchange reference.</summary>
/// <param name="Name">The entry's name in the reference, for example <c>taskCompleted</c>.</param>
/// <param name="MemberName">The generated method name, for example <c>TaskCompleted</c>.</param>
/// <param name="FieldName">The private static field holding the entry's descriptor.</param>
/// <param name="Exchange">The exchange name after the prefix.</param>
/// <param name="Title">The entry's title ("" when absent).</param>
/// <param name="Description">The entry's description ("" when absent).</param>
/// <param name="Schema">The message schema URL ("" when absent).</param>
/// <param name="RoutingKey">The routing-key elements in order.</param>
internal sealed record ExchangeModel(
    string Name,
    string MemberName,
    string FieldName,
    string Exchange,
    string Title,
    string Description,
    string Schema,
    EquatableArray<RoutingKeyElementModel> RoutingKey);

/// <summary>One routing-key element of an exchange.</summary>
/// <param name="Name">The element's name in the reference.</param>
/// <param name="Identifier">The C# parameter name, keyword-escaped.</param>
/// <param name="Summary">What the element holds ("" when absent).</param>
/// <param name="Constant">The fixed value, or null.</param>
/// <param name="Required">Whether every message carries a value.</param>
/// <param name="MultipleWords">Whether the element may span several words.</param>
/// <param name="MaxSize">The longest value, or 0 for no limit.</param>
internal sealed record RoutingKeyElementModel(
    string Name,
    string Identifier,
    string Summary,
    string? Constant,
    bool Required,
    bool MultipleWords,
    int MaxSize);
