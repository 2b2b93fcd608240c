// JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) derived from the descriptions in describe.h,
// stating what codec.h accepts and writes: types, required fields, ids, limits, enums, which
// fields may be null, and no fields beyond the described ones.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/contract/codec.h"

namespace takt::contract {

// The named schemas of one document (its components/schemas). Not thread-safe.
class SchemaRegistry {
 public:
  // {"$ref": "#/components/schemas/NAME"}, adding T's schema under NAME on first use.
  template <Described T>
  json::value Ref();

  const json::object& components() const { return components_; }

 private:
  json::object components_;
};

// Schema<T>::Of(registry, field) -> json::object: the schema of one value of T, before the
// field's own annotations. Specialise it beside any Codec specialisation.
template <typename T>
struct Schema;

json::object TypeSchema(std::string_view type);
// The annotations every field carries: description, readOnly, writeOnly, and the field's
// limits on numbers.
void Annotate(json::object& s, const FieldInfo& f);
// Allows null besides what `s` allows.
json::object Nullable(json::object s);

template <>
struct Schema<std::string> {
  static json::object Of(SchemaRegistry&, const FieldInfo& f);
};
template <>
struct Schema<bool> {
  static json::object Of(SchemaRegistry&, const FieldInfo&) { return TypeSchema("boolean"); }
};
template <typename I>
requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) struct Schema<I> {
  static json::object Of(SchemaRegistry&, const FieldInfo&) { return TypeSchema("integer"); }
};
template <>
struct Schema<double> {
  static json::object Of(SchemaRegistry&, const FieldInfo&) { return TypeSchema("number"); }
};
template <>
struct Schema<Quantity> {
  static json::object Of(SchemaRegistry&, const FieldInfo&);
};
template <>
struct Schema<QuantitySum> {
  static json::object Of(SchemaRegistry& r, const FieldInfo& f) { return Schema<Quantity>::Of(r, f); }
};
template <>
struct Schema<Timestamp> {
  static json::object Of(SchemaRegistry&, const FieldInfo&);
};
template <>
struct Schema<json::value> {
  static json::object Of(SchemaRegistry&, const FieldInfo&) { return {}; }
};
template <NamedEnum E>
struct Schema<E> {
  static json::object Of(SchemaRegistry&, const FieldInfo&) {
    json::array names;
    for (const auto& [value, name] : EnumNames<E>::kValues) names.emplace_back(name);
    json::object s = TypeSchema("string");
    s["enum"] = std::move(names);
    return s;
  }
};
template <typename T>
struct Schema<std::optional<T>> {
  static json::object Of(SchemaRegistry& r, const FieldInfo& f) { return Schema<T>::Of(r, f); }
};
template <typename T>
struct Schema<std::vector<T>> {
  static json::object Of(SchemaRegistry& r, const FieldInfo& f) {
    FieldInfo element{f.name, f.flags & (kId | kNonEmpty), {}, f.limits};
    json::object items = Schema<T>::Of(r, element);
    Annotate(items, FieldInfo{{}, 0, {}, f.limits});
    json::object s = TypeSchema("array");
    s["items"] = std::move(items);
    s["maxItems"] = 10000;
    if (f.has(kUnique)) s["uniqueItems"] = true;
    if (f.has(kNonEmpty)) s["minItems"] = 1;
    return s;
  }
};

// Whether a field's value may be written as null.
template <typename M>
bool MayBeNull(const FieldInfo& f) {
  constexpr bool optional = requires(const M& m) {
    m.has_value();
  };
  return !f.has(kOmitIfEmpty) && (f.has(kNullIfEmpty) || optional);
}

namespace detail {

template <Described T>
void AddProperties(SchemaRegistry& r, json::object& props, json::array& required) {
  ForEachField<T>([&](const auto& def) {
    using M = typename std::decay_t<decltype(def)>::Type;
    if constexpr (requires { def.info; }) {
      using Def = std::decay_t<decltype(def)>;
      const FieldInfo& f = def.info;
      json::object s;
      if constexpr (std::is_same_v<typename Def::CodecType, DefaultCodec>)
        s = Schema<M>::Of(r, f);
      else
        s = Def::CodecType::Schema(r, f);
      Annotate(s, f);
      if (MayBeNull<M>(f)) s = Nullable(std::move(s));
      props[f.name] = std::move(s);
      if (f.has(kRequired)) required.emplace_back(f.name);
    } else {
      AddProperties<M>(r, props, required);
    }
  });
}

}  // namespace detail

template <Described T>
struct Schema<T> {
  static json::object Of(SchemaRegistry& r, const FieldInfo&) { return r.Ref<T>().as_object(); }
  // The object schema itself, as registered under Describe<T>::kName.
  static json::object Body(SchemaRegistry& r) {
    json::object props;
    json::array required;
    detail::AddProperties<T>(r, props, required);
    json::object s = TypeSchema("object");
    if constexpr (requires { Describe<T>::kDoc; }) s["description"] = Describe<T>::kDoc;
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
    s["additionalProperties"] = false;
    if constexpr (requires { Describe<T>::Rules(s); }) Describe<T>::Rules(s);
    return s;
  }
};

template <Described T>
json::value SchemaRegistry::Ref() {
  std::string name(Describe<T>::kName);
  if (!components_.contains(name)) {
    components_[name] = json::object{};  // placeholder: recursive types refer to themselves
    components_[name] = Schema<T>::Body(*this);
  }
  return json::object{{"$ref", "#/components/schemas/" + name}};
}

}  // namespace takt::contract
