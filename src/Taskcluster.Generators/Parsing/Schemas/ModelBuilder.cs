using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;

namespace Taskcluster.Generators.Parsing.Schemas;

/// <summary>The namespaces to generate, each with the schema files it needs, and the problems found grouping them.</summary>
/// <param name="Sets">One set per namespace, sorted by namespace.</param>
/// <param name="Diagnostics">Files ignored because another has their id.</param>
internal sealed record SchemaSets(EquatableArray<SchemaSet> Sets, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Turns schemas into models: resolves <c>$ref</c>s, decides which schemas become types and names them
/// (<see cref="TypeNames"/>), and maps every value to a C# type. Never throws: an unexpected failure is TCGEN999.
/// </summary>
internal static class ModelBuilder
{
    /// <summary>
    /// Groups the files by namespace. Each set also carries the files of every namespace its files refer to, so that
    /// building one namespace never needs the others' results, and editing a schema rebuilds only the namespaces
    /// that can see it.
    /// </summary>
    public static SchemaSets Group(IReadOnlyList<SchemaDocument> documents)
    {
        try
        {
            return GroupOnce(documents);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var failed = new SchemaDiagnostics();
            failed.ReportAtStart(Rules.UnexpectedFailure, documents.Count > 0 ? documents[0].Path : "", "the schema files", exception.GetType().Name + ": " + exception.Message);
            return new SchemaSets(EquatableArray<SchemaSet>.Empty, failed.ToArray());
        }
    }

    private static SchemaSets GroupOnce(IReadOnlyList<SchemaDocument> documents)
    {
        var diagnostics = new SchemaDiagnostics();
        var sorted = new List<SchemaDocument>(documents);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        var byId = new Dictionary<string, SchemaDocument>(StringComparer.Ordinal);
        foreach (var document in sorted)
        {
            if (byId.TryGetValue(document.Id, out var first))
            {
                diagnostics.ReportAtStart(Rules.DuplicateSchemaId, document.Path, document.Path, document.Id, first.Path);
                continue;
            }
            byId.Add(document.Id, document);
        }

        var byNamespace = new SortedDictionary<string, List<SchemaDocument>>(StringComparer.Ordinal);
        foreach (var document in byId.Values)
        {
            if (!byNamespace.TryGetValue(document.Namespace, out var list)) byNamespace.Add(document.Namespace, list = new List<SchemaDocument>());
            list.Add(document);
        }

        var sets = new List<SchemaSet>();
        foreach (var pair in byNamespace)
        {
            var needed = new HashSet<string>(StringComparer.Ordinal) { pair.Key };
            var pending = new Queue<string>();
            pending.Enqueue(pair.Key);
            while (pending.Count > 0)
            {
                foreach (var document in byNamespace[pending.Dequeue()])
                {
                    foreach (string id in document.ReferencedIds)
                    {
                        if (byId.TryGetValue(id, out var target) && needed.Add(target.Namespace)) pending.Enqueue(target.Namespace);
                    }
                }
            }
            var included = new List<SchemaDocument>();
            foreach (string ns in needed) included.AddRange(byNamespace[ns]);
            included.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            string service = pair.Value[0].Service;
            sets.Add(new SchemaSet(pair.Key, service, EquatableArray<SchemaDocument>.From(included)));
        }
        return new SchemaSets(EquatableArray<SchemaSet>.From(sets), diagnostics.ToArray());
    }

    /// <summary>Builds the models of one namespace.</summary>
    public static ModelBuildResult Build(SchemaSet set, CancellationToken cancellationToken)
    {
        var diagnostics = new SchemaDiagnostics();
        try
        {
            var types = new Builder(set, diagnostics, cancellationToken).Run();
            return new ModelBuildResult(types, diagnostics.ToArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            var failed = new SchemaDiagnostics();
            string path = "";
            foreach (var document in set.Documents)
            {
                if (document.Namespace == set.Namespace)
                {
                    path = document.Path;
                    break;
                }
            }
            failed.ReportAtStart(Rules.UnexpectedFailure, path, "the schemas of " + set.Namespace, exception.GetType().Name + ": " + exception.Message);
            return new ModelBuildResult(null, failed.ToArray());
        }
    }

    /// <summary>What a schema becomes, before naming.</summary>
    private enum Shape
    {
        Primitive,
        Node,
        FreeObject,
        Object,
        Enum,
        Union,
        Single,
        Array,
        Map,
    }

    /// <summary>A schema that becomes a generated type, and the name it gets.</summary>
    private sealed class Slot
    {
        public Slot(SchemaDocument document, SchemaNode node, string candidate, TypeModelKind kind)
        {
            Document = document;
            Node = node;
            Candidate = candidate;
            Kind = kind;
        }

        public SchemaDocument Document { get; }

        public SchemaNode Node { get; }

        public string Candidate { get; }

        public TypeModelKind Kind { get; }

        public string Name { get; set; } = "";

        /// <summary>For a branch: the union's slot; for a union: its discriminator.</summary>
        public Slot? Union { get; set; }

        public string DiscriminatorValue { get; set; } = "";

        /// <summary>For a union: the discriminator's JSON name.</summary>
        public string Discriminator { get; set; } = "";

        /// <summary>For a branch that is a <c>$ref</c>: where its properties really are.</summary>
        public (SchemaDocument Document, SchemaNode Node)? PropertiesFrom { get; set; }

        public List<Slot> Branches { get; } = new();

        public string Location => Document.Id + "#" + Node.Pointer;
    }

    private sealed class Builder
    {
        private readonly SchemaSet _set;
        private readonly SchemaDiagnostics _diagnostics;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, SchemaDocument> _documents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SchemaNode> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
        private readonly List<Slot> _order = new();
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        // Schemas can lead back to themselves without any type in between ({"oneOf": [{"$ref": "#"}]}); such a loop
        // describes no value, so past this depth it is typed as raw JSON instead of recursing forever.
        private const int MaxDepth = 64;
        private int _depth;

        public Builder(SchemaSet set, SchemaDiagnostics diagnostics, CancellationToken cancellationToken)
        {
            _set = set;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
        }

        public ServiceTypes Run()
        {
            foreach (var document in _set.Documents)
            {
                _documents[document.Id] = document;
                Index(document, document.Root);
            }
            foreach (var document in _set.Documents)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                Walk(document, document.Root, TypeNames.Root(document.Stem));
            }
            AssignNames();

            var types = new List<TypeModel>();
            foreach (var slot in _order)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (slot.Document.Namespace != _set.Namespace) continue;
                types.Add(slot.Kind switch
                {
                    TypeModelKind.Enum => EnumModel(slot),
                    TypeModelKind.Union => UnionModel(slot),
                    _ => ObjectModel(slot),
                });
            }
            types.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

            // What each file is as a whole, for the clients that take or return it (documents are sorted by id).
            var roots = new List<RootType>();
            foreach (var document in _set.Documents)
            {
                if (document.Namespace == _set.Namespace) roots.Add(new RootType(document.Id, TypeOf(document, document.Root)));
            }
            return new ServiceTypes(
                _set.Namespace, _set.Service, TypeNames.ContextName(_set.Namespace), EquatableArray<TypeModel>.From(types), EquatableArray<RootType>.From(roots));
        }

        private static string Key(SchemaDocument document, string pointer) => document.Id + "#" + pointer;

        private void Index(SchemaDocument document, SchemaNode node)
        {
            _nodes[Key(document, node.Pointer)] = node;
            foreach (var child in Children(node)) Index(document, child);
        }

        private static IEnumerable<SchemaNode> Children(SchemaNode node)
        {
            foreach (var property in node.Properties) yield return property.Schema;
            foreach (var definition in node.Definitions) yield return definition.Schema;
            if (node.Additional is not null) yield return node.Additional;
            if (node.Items is not null) yield return node.Items;
            foreach (var branch in node.OneOf) yield return branch;
            foreach (var branch in node.AnyOf) yield return branch;
            foreach (var branch in node.AllOf) yield return branch;
        }

        // ---- Which schemas become types, and their candidate names ----

        private void Walk(SchemaDocument document, SchemaNode node, string name)
        {
            foreach (var definition in node.Definitions) Walk(document, definition.Schema, name + TypeNames.Part(definition.Name));
            if (node.Ref is not null) return;
            switch (Classify(document, node, out _))
            {
                case Shape.Object:
                {
                    AddSlot(document, node, name, TypeModelKind.Object);
                    WalkProperties(document, node, name, discriminator: null);
                    break;
                }
                case Shape.Enum:
                    AddSlot(document, node, name, TypeModelKind.Enum);
                    break;
                case Shape.Union:
                {
                    var branches = Branches(node);
                    var found = FindDiscriminator(document, branches)!.Value;
                    var union = AddSlot(document, node, name, TypeModelKind.Union);
                    union.Discriminator = found.Property;
                    for (int i = 0; i < branches.Count; i++)
                    {
                        var branch = branches[i];
                        string branchName = name + TypeNames.Part(found.Values[i]);
                        var slot = AddSlot(document, branch, branchName, TypeModelKind.Object);
                        slot.Union = union;
                        slot.DiscriminatorValue = found.Values[i];
                        union.Branches.Add(slot);
                        if (branch.Ref is not null)
                        {
                            // The branch's properties are the target's; the target names its own inline types.
                            slot.PropertiesFrom = Follow(document, branch, report: false);
                        }
                        else
                        {
                            WalkProperties(document, branch, branchName, found.Property);
                        }
                    }
                    break;
                }
                case Shape.Single:
                    Walk(document, SingleBranch(node), name);
                    break;
                case Shape.Array:
                    if (node.Items is not null) Walk(document, node.Items, name + "Item");
                    break;
                case Shape.Map:
                    Walk(document, node.Additional!, name + "Value");
                    break;
            }
        }

        private void WalkProperties(SchemaDocument document, SchemaNode node, string name, string? discriminator)
        {
            foreach (var property in node.Properties)
            {
                if (property.Name == discriminator) continue;
                Walk(document, property.Schema, name + TypeNames.Part(property.Name));
            }
        }

        private Slot AddSlot(SchemaDocument document, SchemaNode node, string candidate, TypeModelKind kind)
        {
            var slot = new Slot(document, node, candidate, kind);
            _slots[Key(document, node.Pointer)] = slot;
            _order.Add(slot);
            return slot;
        }

        /// <summary>
        /// Final names, namespace by namespace: shadows renamed, then clashes numbered in the order of schema id and
        /// pointer, so that a name never depends on which files happen to be built together.
        /// </summary>
        private void AssignNames()
        {
            var byNamespace = new Dictionary<string, List<Slot>>(StringComparer.Ordinal);
            foreach (var slot in _order)
            {
                if (!byNamespace.TryGetValue(slot.Document.Namespace, out var list)) byNamespace.Add(slot.Document.Namespace, list = new List<Slot>());
                list.Add(slot);
            }
            foreach (var pair in byNamespace)
            {
                var slots = pair.Value;
                slots.Sort(static (a, b) =>
                {
                    int byId = string.CompareOrdinal(a.Document.Id, b.Document.Id);
                    return byId != 0 ? byId : string.CompareOrdinal(a.Node.Pointer, b.Node.Pointer);
                });
                var used = new HashSet<string>(StringComparer.Ordinal) { TypeNames.ContextName(pair.Key) };
                var owners = new Dictionary<string, Slot>(StringComparer.Ordinal);
                foreach (var slot in slots)
                {
                    string wanted = TypeNames.TypeName(slot.Candidate);
                    slot.Name = TypeNames.Unique(wanted, used);
                    if (slot.Name != wanted && slot.Document.Namespace == _set.Namespace)
                    {
                        string other = owners.TryGetValue(wanted, out var owner) ? owner.Location : "the serializer context";
                        _diagnostics.Report(Rules.DuplicateModelName, slot.Document.Path, slot.Node, slot.Location, wanted, pair.Key, other, slot.Name);
                    }
                    if (!owners.ContainsKey(slot.Name)) owners.Add(slot.Name, slot);
                }
            }
        }

        // ---- Shapes ----

        private Shape Classify(SchemaDocument document, SchemaNode node, out ValueKind primitive)
        {
            primitive = ValueKind.Node;
            if (_depth > MaxDepth) return Shape.Node;
            _depth++;
            try
            {
                return ClassifyOnce(document, node, out primitive);
            }
            finally
            {
                _depth--;
            }
        }

        private Shape ClassifyOnce(SchemaDocument document, SchemaNode node, out ValueKind primitive)
        {
            primitive = ValueKind.Node;
            var branches = Branches(node);
            string? type = SingleType(node);

            if (branches.Count > 0 && !IsPrimitiveType(type))
            {
                if (branches.Count == 1) return Shape.Single;
                if (FindDiscriminator(document, branches) is not null) return Shape.Union;
                if (node.AllOf.Count == 0 && SamePrimitive(document, branches) is { } same)
                {
                    primitive = same;
                    return Shape.Primitive;
                }
                return Shape.Node;
            }
            if (node.AllOf.Count > 0 && branches.Count == 0 && !IsPrimitiveType(type))
            {
                return node.AllOf.Count == 1 ? Shape.Single : Shape.Node;
            }

            if (node.HasEnum)
            {
                if (node.Enum.Count > 0 && AllOfKind(node.Enum, JsonKind.String) && (type is null or "string")) return Shape.Enum;
                if (node.Enum.Count > 0 && AllOfKind(node.Enum, JsonKind.Number))
                {
                    primitive = NumberKind(node.Enum);
                    return Shape.Primitive;
                }
                if (node.Enum.Count > 0 && AllBooleans(node.Enum))
                {
                    primitive = ValueKind.Boolean;
                    return Shape.Primitive;
                }
                return Shape.Node;
            }
            if (node.Const is { } constant)
            {
                primitive = constant.Kind switch
                {
                    JsonKind.String => node.Format == "date-time" ? ValueKind.DateTime : ValueKind.String,
                    JsonKind.Number => NumberKind(new[] { constant }),
                    JsonKind.True or JsonKind.False => ValueKind.Boolean,
                    _ => ValueKind.Node,
                };
                return primitive == ValueKind.Node ? Shape.Node : Shape.Primitive;
            }

            type ??= node.Types.Count > 0 ? "" : node.HasProperties ? "object" : node.Items is not null ? "array" : "";
            switch (type)
            {
                case "object":
                    if (node.HasProperties) return Shape.Object;
                    if (node.AdditionalKind == AdditionalPropertiesKind.Schema) return Shape.Map;
                    return Shape.FreeObject;
                case "array":
                    return Shape.Array;
                case "string":
                    primitive = node.Format == "date-time" ? ValueKind.DateTime : ValueKind.String;
                    return Shape.Primitive;
                case "integer":
                    primitive = IntegerKind(node.Minimum, node.Maximum);
                    return Shape.Primitive;
                case "number":
                    primitive = ValueKind.Double;
                    return Shape.Primitive;
                case "boolean":
                    primitive = ValueKind.Boolean;
                    return Shape.Primitive;
                default:
                    return Shape.Node;
            }
        }

        /// <summary>The one type a schema allows besides <c>null</c>; null when it allows none or several.</summary>
        private static string? SingleType(SchemaNode node)
        {
            string? single = null;
            foreach (string type in node.Types)
            {
                if (type == "null") continue;
                if (single is not null) return "";
                single = type;
            }
            return single;
        }

        private static bool IsPrimitiveType(string? type) => type is "string" or "integer" or "number" or "boolean";

        private static EquatableArray<SchemaNode> Branches(SchemaNode node) => node.OneOf.Count > 0 ? node.OneOf : node.AnyOf;

        private static SchemaNode SingleBranch(SchemaNode node)
        {
            var branches = Branches(node);
            return branches.Count == 1 ? branches[0] : node.AllOf[0];
        }

        /// <summary>The primitive every branch is (strings with different formats, say), or null.</summary>
        private ValueKind? SamePrimitive(SchemaDocument document, EquatableArray<SchemaNode> branches)
        {
            ValueKind? same = null;
            foreach (var branch in branches)
            {
                var target = Follow(document, branch, report: false);
                if (target is null) return null;
                if (Classify(target.Value.Document, target.Value.Node, out var kind) != Shape.Primitive) return null;
                if (same is null || same == kind) same = kind;
                else if (same is ValueKind.Int32 or ValueKind.Int64 && kind is ValueKind.Int32 or ValueKind.Int64) same = ValueKind.Int64;
                else return null;
            }
            return same;
        }

        /// <summary>
        /// The property that tells a union's branches apart: present and required in every branch, a <c>const</c>
        /// or one-value <c>enum</c> string in each, a different value in each. The first such property of the first
        /// branch wins.
        /// </summary>
        private (string Property, List<string> Values)? FindDiscriminator(SchemaDocument document, EquatableArray<SchemaNode> branches)
        {
            if (branches.Count < 2) return null;
            var objects = new List<SchemaNode>();
            foreach (var branch in branches)
            {
                var target = Follow(document, branch, report: false);
                if (target is null || !target.Value.Node.HasProperties) return null;
                objects.Add(target.Value.Node);
            }
            foreach (var candidate in objects[0].Properties)
            {
                var values = new List<string>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var branch in objects)
                {
                    var property = Find(branch.Properties, candidate.Name);
                    if (property is null || !Contains(branch.Required, candidate.Name)) break;
                    string? value = SingleString(property);
                    if (value is null || !seen.Add(value)) break;
                    values.Add(value);
                }
                if (values.Count == objects.Count) return (candidate.Name, values);
            }
            return null;
        }

        private static string? SingleString(SchemaNode node)
        {
            if (node.Const is { Kind: JsonKind.String } constant) return constant.Text;
            if (node.HasEnum && node.Enum.Count == 1 && node.Enum[0].Kind == JsonKind.String) return node.Enum[0].Text;
            return null;
        }

        // ---- $ref ----

        /// <summary>Where a schema really is: itself, or the end of its chain of <c>$ref</c>s; null when that is nowhere.</summary>
        private (SchemaDocument Document, SchemaNode Node)? Follow(SchemaDocument document, SchemaNode node, bool report)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (node.Ref is { } reference)
            {
                string here = Key(document, node.Pointer);
                if (!seen.Add(here))
                {
                    if (report) Unresolved(document, node, "the $ref chain leads back to itself");
                    return null;
                }
                string? error = SchemaReference.TryResolve(document.Id, reference, out string id, out string pointer);
                if (error is not null)
                {
                    if (report) Unresolved(document, node, error);
                    return null;
                }
                if (!_documents.TryGetValue(id, out var target))
                {
                    if (report) Unresolved(document, node, "no schema file has the id " + id);
                    return null;
                }
                if (!_nodes.TryGetValue(Key(target, pointer), out var targetNode))
                {
                    if (report) Unresolved(document, node, id + " has no schema at #" + pointer);
                    return null;
                }
                document = target;
                node = targetNode;
            }
            return (document, node);
        }

        private void Unresolved(SchemaDocument document, SchemaNode node, string why)
        {
            if (document.Namespace != _set.Namespace || !_reported.Add(Key(document, node.Pointer))) return;
            _diagnostics.Report(Rules.UnresolvedSchemaReference, document.Path, node, node.Ref ?? "", document.Path, why);
        }

        // ---- Types of values ----

        private TypeRef TypeOf(SchemaDocument document, SchemaNode node)
        {
            if (_depth > MaxDepth) return TypeRef.Of(ValueKind.Node);
            _depth++;
            try
            {
                return TypeOfOnce(document, node);
            }
            finally
            {
                _depth--;
            }
        }

        private TypeRef TypeOfOnce(SchemaDocument document, SchemaNode node)
        {
            var target = Follow(document, node, report: true);
            if (target is null) return TypeRef.Of(ValueKind.Node);
            (document, node) = target.Value;
            if (_slots.TryGetValue(Key(document, node.Pointer), out var slot))
            {
                var kind = slot.Kind == TypeModelKind.Enum ? ValueKind.Enum : ValueKind.Model;
                string ns = "global::" + slot.Document.Namespace + ".";
                return new TypeRef(kind, ns + slot.Name, ns + TypeNames.ContextName(slot.Document.Namespace) + ".Converters." + slot.Name + "Converter", null);
            }
            switch (Classify(document, node, out var primitive))
            {
                case Shape.Primitive:
                    return TypeRef.Of(primitive);
                case Shape.FreeObject:
                    return TypeRef.Of(ValueKind.FreeObject);
                case Shape.Single:
                    return TypeOf(document, SingleBranch(node));
                case Shape.Array:
                    return new TypeRef(ValueKind.Array, "", "", node.Items is null ? TypeRef.Of(ValueKind.Node) : TypeOf(document, node.Items));
                case Shape.Map:
                    return new TypeRef(ValueKind.Map, "", "", TypeOf(document, node.Additional!));
                default:
                    // A raw value, or an object or enum in a place no type is generated for (inside a union without
                    // a discriminator, reached by a $ref).
                    return TypeRef.Of(ValueKind.Node);
            }
        }

        // ---- Models ----

        private TypeModel ObjectModel(Slot slot)
        {
            var (document, node) = slot.PropertiesFrom ?? (slot.Document, slot.Node);
            string discriminator = slot.Union?.Discriminator ?? "";
            var kept = new List<SchemaProperty>();
            foreach (var property in node.Properties)
            {
                if (property.Name != discriminator) kept.Add(property);
            }

            string discriminatorMember = slot.Union is null ? "" : DiscriminatorMember(slot.Union);
            var jsonNames = new List<string>();
            foreach (var property in kept) jsonNames.Add(property.Name);
            var reserved = discriminatorMember.Length > 0 ? new[] { discriminatorMember } : Array.Empty<string>();
            var memberNames = TypeNames.MemberNames(slot.Name, jsonNames, reserved);

            var properties = new List<PropertyModel>();
            for (int i = 0; i < kept.Count; i++)
            {
                var schema = kept[i].Schema;
                var (title, description) = Documentation(document, schema);
                properties.Add(new PropertyModel(
                    kept[i].Name, memberNames[i], TypeOf(document, schema), Contains(node.Required, kept[i].Name), title, description));
            }

            var (typeTitle, typeDescription) = slot.PropertiesFrom is { } from ? Documentation(from.Document, from.Node) : (slot.Node.Title, slot.Node.Description);
            return new TypeModel(
                TypeModelKind.Object, slot.Name, slot.Location, typeTitle, typeDescription,
                EquatableArray<PropertyModel>.From(properties), EquatableArray<EnumMemberModel>.Empty, EquatableArray<BranchModel>.Empty,
                slot.Union?.Name ?? "", discriminator, discriminatorMember, slot.DiscriminatorValue);
        }

        private static TypeModel EnumModel(Slot slot)
        {
            var values = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var literal in slot.Node.Enum)
            {
                if (seen.Add(literal.Text)) values.Add(literal.Text);
            }
            var names = TypeNames.EnumMemberNames(slot.Name, values);
            var members = new List<EnumMemberModel>();
            for (int i = 0; i < values.Count; i++) members.Add(new EnumMemberModel(names[i], values[i]));
            return new TypeModel(
                TypeModelKind.Enum, slot.Name, slot.Location, slot.Node.Title, slot.Node.Description,
                EquatableArray<PropertyModel>.Empty, EquatableArray<EnumMemberModel>.From(members), EquatableArray<BranchModel>.Empty,
                "", "", "", "");
        }

        private static TypeModel UnionModel(Slot slot)
        {
            var branches = new List<BranchModel>();
            foreach (var branch in slot.Branches) branches.Add(new BranchModel(branch.DiscriminatorValue, branch.Name));
            return new TypeModel(
                TypeModelKind.Union, slot.Name, slot.Location, slot.Node.Title, slot.Node.Description,
                EquatableArray<PropertyModel>.Empty, EquatableArray<EnumMemberModel>.Empty, EquatableArray<BranchModel>.From(branches),
                "", slot.Discriminator, DiscriminatorMember(slot), "");
        }

        private static string DiscriminatorMember(Slot union) => TypeNames.MemberNames(union.Name, new[] { union.Discriminator }, Array.Empty<string>())[0];

        /// <summary>A value's own title and description, or else those of the schema its <c>$ref</c> leads to.</summary>
        private (string Title, string Description) Documentation(SchemaDocument document, SchemaNode node)
        {
            if (node.Title.Length > 0 || node.Description.Length > 0) return (node.Title, node.Description);
            var target = Follow(document, node, report: false);
            return target is null ? ("", "") : (target.Value.Node.Title, target.Value.Node.Description);
        }

        // ---- Small helpers ----

        private static SchemaNode? Find(EquatableArray<SchemaProperty> properties, string name)
        {
            foreach (var property in properties)
            {
                if (property.Name == name) return property.Schema;
            }
            return null;
        }

        private static bool Contains(EquatableArray<string> names, string name)
        {
            foreach (string candidate in names)
            {
                if (candidate == name) return true;
            }
            return false;
        }

        private static bool AllOfKind(EquatableArray<SchemaLiteral> literals, JsonKind kind)
        {
            foreach (var literal in literals)
            {
                if (literal.Kind != kind) return false;
            }
            return true;
        }

        private static bool AllBooleans(EquatableArray<SchemaLiteral> literals)
        {
            foreach (var literal in literals)
            {
                if (literal.Kind is not (JsonKind.True or JsonKind.False)) return false;
            }
            return true;
        }

        private static ValueKind NumberKind(IEnumerable<SchemaLiteral> numbers)
        {
            var kind = ValueKind.Int32;
            foreach (var number in numbers)
            {
                if (int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) continue;
                if (long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) kind = ValueKind.Int64;
                else return ValueKind.Double;
            }
            return kind;
        }

        /// <summary><c>int</c> when both bounds are given and fit, <c>long</c> otherwise.</summary>
        private static ValueKind IntegerKind(string? minimum, string? maximum)
        {
            if (minimum is null || maximum is null) return ValueKind.Int64;
            const NumberStyles style = NumberStyles.Float;
            if (!double.TryParse(minimum, style, CultureInfo.InvariantCulture, out double min)
                || !double.TryParse(maximum, style, CultureInfo.InvariantCulture, out double max))
            {
                return ValueKind.Int64;
            }
            return min >= int.MinValue && max <= int.MaxValue ? ValueKind.Int32 : ValueKind.Int64;
        }
    }
}
