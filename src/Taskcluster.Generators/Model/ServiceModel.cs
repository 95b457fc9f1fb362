namespace Taskcluster.Generators.Model;

/// <summary>Whether a reference describes HTTP functions or AMQP topic exchanges.</summary>
internal enum ServiceKind
{
    /// <summary>A reference with a <c>baseUrl</c> and <c>function</c> entries.</summary>
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
/// <param name="BaseUrlOrPrefix">The base URL of an API, or the exchange prefix of an exchange reference.</param>
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
    EquatableArray<FunctionModel> Functions,
    EquatableArray<ExchangeModel> Exchanges);

/// <summary>One route argument of a function.</summary>
/// <param name="Name">The name in the reference, as it appears in the route.</param>
/// <param name="Identifier">The C# parameter name, keyword-escaped (<c>@namespace</c>).</param>
internal sealed record ArgModel(string Name, string Identifier);

/// <summary>One set of scopes that together allow a call.</summary>
/// <param name="Scopes">The scopes, all required.</param>
internal sealed record ScopeSetModel(EquatableArray<ScopeModel> Scopes);

/// <summary>One scope (a wrapper so scope sets stay value-equal arrays of records).</summary>
/// <param name="Value">The scope text.</param>
internal sealed record ScopeModel(string Value);

/// <summary>One function entry of an API reference.</summary>
/// <param name="Name">The entry's name in the reference, for example <c>createTask</c>.</param>
/// <param name="MemberName">The PascalCase stem of the generated members, for example <c>CreateTask</c>.</param>
/// <param name="FieldName">The private static field holding the entry's descriptor.</param>
/// <param name="Method">The HTTP method, lower case.</param>
/// <param name="Route">The route template.</param>
/// <param name="Args">The route arguments in call order.</param>
/// <param name="Title">The entry's title ("" when absent).</param>
/// <param name="Description">The entry's description ("" when absent).</param>
/// <param name="HasScopes">Whether the reference lists scopes at all.</param>
/// <param name="Scopes">The scope alternatives.</param>
/// <param name="Input">The input schema URL, or null when the call takes no payload.</param>
/// <param name="Output">The output schema URL, or null when the call returns nothing.</param>
internal sealed record FunctionModel(
    string Name,
    string MemberName,
    string FieldName,
    string Method,
    string Route,
    EquatableArray<ArgModel> Args,
    string Title,
    string Description,
    bool HasScopes,
    EquatableArray<ScopeSetModel> Scopes,
    string? Input,
    string? Output);

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
