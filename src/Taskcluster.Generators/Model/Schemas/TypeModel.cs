namespace Taskcluster.Generators.Model.Schemas;

/// <summary>The C# shapes a schema value can take.</summary>
internal enum ValueKind
{
    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>bool</c>.</summary>
    Boolean,

    /// <summary><c>int</c>: an integer whose <c>minimum</c> and <c>maximum</c> both fit.</summary>
    Int32,

    /// <summary><c>long</c>: any other integer.</summary>
    Int64,

    /// <summary><c>double</c>: a <c>number</c>.</summary>
    Double,

    /// <summary><c>DateTimeOffset</c>: a string of <c>format: date-time</c>.</summary>
    DateTime,

    /// <summary><c>JsonNode?</c>: any JSON value, or a union without a discriminator.</summary>
    Node,

    /// <summary><c>JsonObject</c>: an object whose properties the schema leaves free.</summary>
    FreeObject,

    /// <summary>A generated class (an object, or the abstract base of a union).</summary>
    Model,

    /// <summary>A generated enum.</summary>
    Enum,

    /// <summary><c>IReadOnlyList&lt;T&gt;</c>.</summary>
    Array,

    /// <summary><c>IReadOnlyDictionary&lt;string, T&gt;</c>: an object with <c>additionalProperties: {schema}</c>.</summary>
    Map,
}

/// <summary>The C# type of a property or of a collection's items.</summary>
/// <param name="Kind">Its shape.</param>
/// <param name="TypeName">For models and enums, the <c>global::</c>-qualified type ("" otherwise).</param>
/// <param name="ConverterName">For models and enums, the <c>global::</c>-qualified converter ("" otherwise).</param>
/// <param name="Element">The items of an array or values of a map, else null.</param>
internal sealed record TypeRef(ValueKind Kind, string TypeName, string ConverterName, TypeRef? Element)
{
    public static TypeRef Of(ValueKind kind) => new(kind, "", "", null);

    /// <summary>Whether the C# type is a value type (its optional form is <c>T?</c> = <c>Nullable&lt;T&gt;</c>).</summary>
    public bool IsValueType => Kind is ValueKind.Boolean or ValueKind.Int32 or ValueKind.Int64 or ValueKind.Double
        or ValueKind.DateTime or ValueKind.Enum;
}

/// <summary>One property of a generated class.</summary>
/// <param name="JsonName">The property's name on the wire.</param>
/// <param name="MemberName">The C# property name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Required">Whether the schema requires it (a C# <c>required</c> member).</param>
/// <param name="Title">Documentation: the schema's title ("" when absent).</param>
/// <param name="Description">Documentation: the schema's description ("" when absent).</param>
internal sealed record PropertyModel(string JsonName, string MemberName, TypeRef Type, bool Required, string Title, string Description);

/// <summary>One member of a generated enum.</summary>
/// <param name="MemberName">The C# member name.</param>
/// <param name="WireValue">The string on the wire.</param>
internal sealed record EnumMemberModel(string MemberName, string WireValue);

/// <summary>One branch of a discriminated union.</summary>
/// <param name="Value">The discriminator's value for this branch.</param>
/// <param name="TypeName">The branch's class name (in the union's namespace).</param>
internal sealed record BranchModel(string Value, string TypeName);

/// <summary>What kind of type a <see cref="TypeModel"/> generates.</summary>
internal enum TypeModelKind
{
    /// <summary>A sealed class with properties (possibly a branch of a union).</summary>
    Object,

    /// <summary>An enum of strings.</summary>
    Enum,

    /// <summary>The abstract base class of a union told apart by a discriminator property.</summary>
    Union,
}

/// <summary>One generated type, with everything its class and converter need.</summary>
/// <param name="Kind">Class, enum or union base.</param>
/// <param name="Name">The C# type name.</param>
/// <param name="SchemaLocation">Where the schema is, for example <c>/schemas/queue/v1/task.json#/properties/priority</c>.</param>
/// <param name="Title">The schema's title ("" when absent).</param>
/// <param name="Description">The schema's description ("" when absent).</param>
/// <param name="Properties">An object's properties, in schema order (the discriminator left out for a branch).</param>
/// <param name="Members">An enum's members, in schema order.</param>
/// <param name="Branches">A union's branches, in schema order.</param>
/// <param name="BaseName">A branch's union class ("" otherwise).</param>
/// <param name="DiscriminatorJsonName">For a union and its branches: the property that tells branches apart ("" otherwise).</param>
/// <param name="DiscriminatorMemberName">For a union and its branches: the C# property holding it ("" otherwise).</param>
/// <param name="DiscriminatorValue">For a branch: its discriminator value ("" otherwise).</param>
internal sealed record TypeModel(
    TypeModelKind Kind,
    string Name,
    string SchemaLocation,
    string Title,
    string Description,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<EnumMemberModel> Members,
    EquatableArray<BranchModel> Branches,
    string BaseName,
    string DiscriminatorJsonName,
    string DiscriminatorMemberName,
    string DiscriminatorValue);

/// <summary>The C# type of a whole schema file, as a method taking or returning it would use it.</summary>
/// <param name="SchemaId">The file's id, for example <c>/schemas/queue/v1/task.json</c>.</param>
/// <param name="Type">Its type: usually a model; a list for a root array; raw JSON when nothing more is known.</param>
internal sealed record RootType(string SchemaId, TypeRef Type);

/// <summary>The models of one namespace (one service), ready to emit.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Service">The service, for example <c>queue</c>.</param>
/// <param name="ContextName">The generated <c>JsonSerializerContext</c>, for example <c>QueueJsonContext</c>.</param>
/// <param name="Types">The types, sorted by name.</param>
/// <param name="Roots">The type of each of the namespace's schema files, sorted by id.</param>
internal sealed record ServiceTypes(string Namespace, string Service, string ContextName, EquatableArray<TypeModel> Types, EquatableArray<RootType> Roots);

/// <summary>What building one namespace's models yields.</summary>
/// <param name="Types">The models (null when none could be built).</param>
/// <param name="Diagnostics">Problems found in the namespace's own files.</param>
internal sealed record ModelBuildResult(ServiceTypes? Types, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What a generated client needs to know of one schema file's model to take or return it.</summary>
/// <param name="SchemaId">The file's id, for example <c>/schemas/queue/v1/task-status-response.json</c>.</param>
/// <param name="TypeName">The model's <c>global::</c>-qualified C# type.</param>
/// <param name="TypeInfo">An expression for its <c>JsonTypeInfo</c>, for example <c>global::Taskcluster.Models.Queue.QueueJsonContext.Default.TaskStatusResponse</c>.</param>
/// <param name="ContinuationMember">The C# property holding <c>continuationToken</c>, when the model is a page ("" otherwise).</param>
/// <param name="ItemsMember">The page's one list property besides the token ("" when it has none or several).</param>
/// <param name="ItemTypeName">The C# type of that list's items ("" when there is no items member).</param>
internal sealed record SchemaClientType(
    string SchemaId, string TypeName, string TypeInfo, string ContinuationMember, string ItemsMember, string ItemTypeName);
