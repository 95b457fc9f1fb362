namespace Taskcluster.Generators;

/// <summary>The names of the generator's pipeline steps, so tests can check what each run recomputed.</summary>
public static class TrackingNames
{
    /// <summary>Every AdditionalFile paired with its item metadata.</summary>
    public const string FilesWithOptions = nameof(FilesWithOptions);

    /// <summary>The AdditionalFiles that are references (still nullable).</summary>
    public const string ReferencesOnly = nameof(ReferencesOnly);

    /// <summary>All class claims together, to find duplicates across files.</summary>
    public const string AllClassClaims = nameof(AllClassClaims);

    /// <summary>Each service paired with the duplicate claims.</summary>
    public const string ServicesWithDuplicates = nameof(ServicesWithDuplicates);

    /// <summary>The classes whose interface name another generated class already has.</summary>
    public const string InterfaceClashes = nameof(InterfaceClashes);

    /// <summary>Each service paired with the duplicate claims and the interface clashes.</summary>
    public const string ServicesWithInterfaceClashes = nameof(ServicesWithInterfaceClashes);

    /// <summary>Every AdditionalFile, reduced to a reference file or null.</summary>
    public const string ReferenceFiles = nameof(ReferenceFiles);

    /// <summary>Only the AdditionalFiles that are references.</summary>
    public const string SelectedFiles = nameof(SelectedFiles);

    /// <summary>Each reference file parsed into services and diagnostics.</summary>
    public const string Parsed = nameof(Parsed);

    /// <summary>One service (one generated class) per item.</summary>
    public const string Services = nameof(Services);

    /// <summary>One diagnostic per item.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The class name each service claims.</summary>
    public const string ClassClaims = nameof(ClassClaims);

    /// <summary>The claims that lose to an earlier file with the same class name.</summary>
    public const string DuplicateClasses = nameof(DuplicateClasses);

    /// <summary>The generated source of each service.</summary>
    public const string Sources = nameof(Sources);

    /// <summary>Every AdditionalFile, reduced to a schema file or null.</summary>
    public const string SchemaFiles = nameof(SchemaFiles);

    /// <summary>Only the AdditionalFiles that are schemas.</summary>
    public const string SchemasOnly = nameof(SchemasOnly);

    /// <summary>Each schema file read into a document and diagnostics.</summary>
    public const string ParsedSchemas = nameof(ParsedSchemas);

    /// <summary>One problem found reading a schema file per item.</summary>
    public const string SchemaDiagnostics = nameof(SchemaDiagnostics);

    /// <summary>Each schema file that could be read.</summary>
    public const string SchemaDocuments = nameof(SchemaDocuments);

    /// <summary>All schema documents together, to resolve references between files.</summary>
    public const string AllSchemaDocuments = nameof(AllSchemaDocuments);

    /// <summary>The documents grouped by namespace, each group with the files it refers to.</summary>
    public const string SchemaGroups = nameof(SchemaGroups);

    /// <summary>One problem found grouping schema files (a duplicate id) per item.</summary>
    public const string SchemaGroupDiagnostics = nameof(SchemaGroupDiagnostics);

    /// <summary>One namespace's schema files per item.</summary>
    public const string SchemaSets = nameof(SchemaSets);

    /// <summary>One namespace's models and diagnostics per item.</summary>
    public const string ModelBuilds = nameof(ModelBuilds);

    /// <summary>One problem found building models per item.</summary>
    public const string ModelDiagnostics = nameof(ModelDiagnostics);

    /// <summary>One namespace's models, ready to emit.</summary>
    public const string ModelTypes = nameof(ModelTypes);

    /// <summary>The generated source of one namespace's models.</summary>
    public const string ModelSources = nameof(ModelSources);

    /// <summary>What clients need of each namespace's models (one namespace per item).</summary>
    public const string ClientTypes = nameof(ClientTypes);

    /// <summary>What clients need of every model, together.</summary>
    public const string AllClientTypes = nameof(AllClientTypes);

    /// <summary>Each service paired with every client-facing model.</summary>
    public const string ServicesWithAllClientTypes = nameof(ServicesWithAllClientTypes);

    /// <summary>Each service with the models its entries name.</summary>
    public const string TypedServices = nameof(TypedServices);
}
