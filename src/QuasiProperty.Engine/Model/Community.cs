namespace QuasiProperty.Model;

/// <summary>A residential community (社区) in the service area; households scale the grid incident rate.</summary>
public sealed record Community(string Id, string Name, int Households);
