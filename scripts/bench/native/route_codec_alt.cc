// The other side of a measured choice (docs/design.md: "where message encoding and decoding live is
// decided by measurement"): route encoding and decoding done in C++, for the route shape of the
// bulk benchmark (prefix via gateway, in a table). The library encodes and decodes in TypeScript;
// scripts/bench/routes.ts runs both codecs over the same data, checks they agree, and prints which
// is faster. Anything this codec does not decode is kept raw, as the library does.
// A bench-only addon of its own (binding.gyp beside this file): the shipped addon does not carry it.
#include <napi.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace netns {

namespace {

struct Prefix {
  int family = 0;
  unsigned char bytes[16] = {};
  int length = 0;
};

bool ParseAddress(const std::string& text, Prefix* out) {
  if (inet_pton(AF_INET, text.c_str(), out->bytes) == 1) {
    out->family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), out->bytes) == 1) {
    out->family = AF_INET6;
    return true;
  }
  return false;
}

bool ParsePrefix(const std::string& text, Prefix* out) {
  size_t slash = text.find('/');
  if (!ParseAddress(text.substr(0, slash), out)) return false;
  int max = out->family == AF_INET ? 32 : 128;
  if (slash == std::string::npos) {
    out->length = max;
    return true;
  }
  const char* s = text.c_str() + slash + 1;
  char* end = nullptr;
  long n = strtol(s, &end, 10);
  if (end == s || *end != '\0' || n < 0 || n > max) return false;
  out->length = static_cast<int>(n);
  return true;
}

size_t AddAttr(uint8_t* p, uint16_t type, const void* data, uint16_t len) {
  rtattr a{static_cast<unsigned short>(RTA_LENGTH(len)), type};
  memcpy(p, &a, sizeof(a));
  memcpy(p + RTA_LENGTH(0), data, len);
  size_t total = RTA_ALIGN(RTA_LENGTH(len));
  memset(p + RTA_LENGTH(len), 0, total - RTA_LENGTH(len));
  return total;
}

// Reads a route spec the way the library's parseRouteSpec does for the benchmark's shape: a plain
// object with dst (prefix), via (address) and table (number or main/local/default), and nothing
// else; anything more is refused (the TypeScript codec handles every field, this one does not).
struct RouteSpecAlt {
  Prefix dst, via;
  bool hasVia = false;
  uint32_t table = RT_TABLE_MAIN;
};

std::string StringProperty(Napi::Object spec, const char* key) {
  Napi::Value v = spec.Get(key);
  if (!v.IsString()) throw Napi::TypeError::New(spec.Env(), std::string("route.") + key + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

RouteSpecAlt ReadRouteSpec(Napi::Env env, Napi::Value value) {
  if (!value.IsObject()) throw Napi::TypeError::New(env, "route must be an object");
  Napi::Object spec = value.As<Napi::Object>();
  Napi::Array keys = spec.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
    if (k != "dst" && k != "via" && k != "table")
      throw Napi::TypeError::New(env, "route." + k + " is not handled by this codec");
  }
  RouteSpecAlt r;
  if (!ParsePrefix(StringProperty(spec, "dst"), &r.dst)) throw Napi::TypeError::New(env, "route.dst is not a prefix");
  if (spec.Has("via")) {
    if (!ParseAddress(StringProperty(spec, "via"), &r.via) || r.via.family != r.dst.family)
      throw Napi::TypeError::New(env, "route.via is not an address of the route's family");
    r.hasVia = true;
  }
  Napi::Value table = spec.Get("table");
  if (table.IsNumber()) {
    double t = table.As<Napi::Number>().DoubleValue();
    if (!(t >= 0 && t <= 4294967295.0) || t != static_cast<double>(static_cast<uint32_t>(t)))
      throw Napi::RangeError::New(env, "route.table is out of range");
    r.table = static_cast<uint32_t>(t);
  } else if (table.IsString()) {
    std::string name = table.As<Napi::String>().Utf8Value();
    if (name == "main") r.table = RT_TABLE_MAIN;
    else if (name == "local") r.table = RT_TABLE_LOCAL;
    else if (name == "default") r.table = RT_TABLE_DEFAULT;
    else throw Napi::TypeError::New(env, "route.table is not a table name");
  } else if (!table.IsUndefined()) {
    throw Napi::TypeError::New(env, "route.table must be a number or a name");
  }
  return r;
}

// encodeRouteAlt(out, offset, seq, flags, spec) -> offset after the message: validates the spec
// and writes the RTM_NEWROUTE that `ip route add DST via VIA table T` sends (and the library writes).
Napi::Value EncodeRouteAlt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto out = info[0].As<Napi::Buffer<uint8_t>>();
  size_t offset = info[1].As<Napi::Number>().Uint32Value();
  uint32_t seq = info[2].As<Napi::Number>().Uint32Value();
  uint16_t flags = static_cast<uint16_t>(info[3].As<Napi::Number>().Uint32Value());
  RouteSpecAlt spec = ReadRouteSpec(env, info[4]);
  uint16_t alen = spec.dst.family == AF_INET ? 4 : 16;
  size_t need = NLMSG_SPACE(sizeof(rtmsg)) + 3 * RTA_SPACE(16);
  if (offset + need > out.Length()) throw Napi::RangeError::New(env, "output buffer full");
  uint8_t* base = out.Data() + offset;
  uint8_t* p = base + NLMSG_SPACE(sizeof(rtmsg));
  p += AddAttr(p, RTA_DST, spec.dst.bytes, alen);
  if (spec.hasVia) p += AddAttr(p, RTA_GATEWAY, spec.via.bytes, alen);
  if (spec.table > 255) p += AddAttr(p, RTA_TABLE, &spec.table, sizeof(spec.table));
  nlmsghdr h{static_cast<uint32_t>(p - base), RTM_NEWROUTE, flags, seq, 0};
  rtmsg r{};
  r.rtm_family = static_cast<unsigned char>(spec.dst.family);
  r.rtm_dst_len = static_cast<unsigned char>(spec.dst.length);
  r.rtm_table = spec.table > 255 ? static_cast<unsigned char>(RT_TABLE_UNSPEC) : static_cast<unsigned char>(spec.table);
  r.rtm_protocol = RTPROT_BOOT;
  r.rtm_scope = spec.hasVia ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  r.rtm_type = RTN_UNICAST;
  memcpy(base, &h, sizeof(h));
  memcpy(base + NLMSG_HDRLEN, &r, sizeof(r));
  return Napi::Number::New(env, static_cast<double>(offset + (p - base)));
}

// One handle scope per decoded route: the scope of the call would otherwise hold every value made.
class RouteScope {
 public:
  explicit RouteScope(napi_env env) : env_(env) { napi_open_handle_scope(env, &scope_); }
  ~RouteScope() { napi_close_handle_scope(env_, scope_); }
  RouteScope(const RouteScope&) = delete;
  RouteScope& operator=(const RouteScope&) = delete;

 private:
  napi_env env_;
  napi_handle_scope scope_;
};

napi_value Str(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_latin1(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value U32(napi_env env, uint32_t n) {
  napi_value v;
  napi_create_uint32(env, n, &v);
  return v;
}

const char* TypeName(unsigned t) {
  static const char* names[] = {"unspec",    "unicast",     "local",    "broadcast", "anycast", "multicast",
                                "blackhole", "unreachable", "prohibit", "throw",     "nat",     "xresolve"};
  return t < sizeof(names) / sizeof(names[0]) ? names[t] : "unspec";
}

// The values of a JS array, read once in the call's own handle scope (a value first read inside a
// route's scope would die with that scope).
class NameTable {
 public:
  explicit NameTable(Napi::Array array) : values_(array.Length()) {
    for (uint32_t i = 0; i < values_.size(); i++) values_[i] = array.Get(i);
  }
  napi_value Get(uint32_t i, napi_value fallback) const { return i < values_.size() ? values_[i] : fallback; }

 private:
  std::vector<napi_value> values_;
};

// decodeRoutesAlt(chunk, devices, protocols, scopes) -> objects for the RTM_NEWROUTE messages in
// chunk, with the fields the library's decoder gives the benchmark's routes. devices[ifindex],
// protocols[n] and scopes[n] are the names the library would print.
Napi::Value DecodeRoutesAlt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  napi_env e = env;
  auto chunk = info[0].As<Napi::Buffer<uint8_t>>();
  napi_value undef = env.Undefined();
  NameTable devices(info[1].As<Napi::Array>());
  NameTable protocols(info[2].As<Napi::Array>());
  NameTable scopes(info[3].As<Napi::Array>());
  Napi::Array result = Napi::Array::New(env);
  uint32_t count = 0;
  const uint8_t* data = chunk.Data();
  size_t len = chunk.Length();
  char text[INET6_ADDRSTRLEN + 8];
  for (size_t off = 0; off + NLMSG_HDRLEN <= len;) {
    nlmsghdr h;
    memcpy(&h, data + off, sizeof(h));
    if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len - off) throw Napi::Error::New(env, "malformed message");
    if (h.nlmsg_type == RTM_NEWROUTE) {
      RouteScope scope(e);
      if (h.nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) throw Napi::Error::New(env, "short rtmsg");
      rtmsg r;
      memcpy(&r, data + off + NLMSG_HDRLEN, sizeof(r));
      int af = r.rtm_family;
      if (af != AF_INET && af != AF_INET6) {
        off += NLMSG_ALIGN(h.nlmsg_len);
        continue;
      }  // the benchmark dumps IPv4 and IPv6 only
      uint32_t table = r.rtm_table;
      const uint8_t* dst = nullptr;
      const uint8_t* gw = nullptr;
      uint32_t oif = 0;
      bool hasOif = false;
      napi_value raw;
      napi_create_object(e, &raw);
      size_t end = off + h.nlmsg_len;
      for (size_t a = off + NLMSG_SPACE(sizeof(rtmsg)); a + 4 <= end;) {
        rtattr at;
        memcpy(&at, data + a, sizeof(at));
        if (at.rta_len < 4 || at.rta_len > end - a) throw Napi::Error::New(env, "malformed attribute");
        const uint8_t* p = data + a + 4;
        size_t l = at.rta_len - 4;
        size_t addrLen = af == AF_INET ? 4 : 16;
        switch (at.rta_type & NLA_TYPE_MASK) {
          case RTA_DST:
            if (l >= addrLen) dst = p;
            break;
          case RTA_GATEWAY:
            if (l >= addrLen) gw = p;
            break;
          case RTA_TABLE:
            if (l >= 4) memcpy(&table, p, 4);
            break;
          case RTA_OIF:
            if (l >= 4) {
              memcpy(&oif, p, 4);
              hasOif = true;
            }
            break;
          default: {
            napi_value b;
            void* copy;
            napi_create_buffer_copy(e, l, p, &copy, &b);
            napi_set_element(e, raw, at.rta_type & NLA_TYPE_MASK, b);
          }
        }
        a += RTA_ALIGN(at.rta_len);
      }
      static const uint8_t zero[16] = {};
      inet_ntop(af, dst ? dst : zero, text, sizeof(text));
      snprintf(text + strlen(text), 8, "/%u", r.rtm_dst_len);
      napi_value via = undef;
      if (gw) {
        char g[INET6_ADDRSTRLEN];
        inet_ntop(af, gw, g, sizeof(g));
        via = Str(e, g);
      }
      napi_value flags;
      napi_create_array(e, &flags);
      napi_value dev = hasOif ? devices.Get(oif, undef) : undef;
      napi_property_descriptor props[] = {
          {"family", nullptr, nullptr, nullptr, nullptr, U32(e, af == AF_INET6 ? 6 : 4), napi_default_jsproperty,
           nullptr},
          {"dst", nullptr, nullptr, nullptr, nullptr, Str(e, text), napi_default_jsproperty, nullptr},
          {"dstLength", nullptr, nullptr, nullptr, nullptr, U32(e, r.rtm_dst_len), napi_default_jsproperty, nullptr},
          {"table", nullptr, nullptr, nullptr, nullptr, U32(e, table), napi_default_jsproperty, nullptr},
          {"type", nullptr, nullptr, nullptr, nullptr, Str(e, TypeName(r.rtm_type)), napi_default_jsproperty, nullptr},
          {"protocol", nullptr, nullptr, nullptr, nullptr, protocols.Get(r.rtm_protocol, undef),
           napi_default_jsproperty, nullptr},
          {"scope", nullptr, nullptr, nullptr, nullptr, scopes.Get(r.rtm_scope, undef), napi_default_jsproperty,
           nullptr},
          {"tos", nullptr, nullptr, nullptr, nullptr, U32(e, r.rtm_tos), napi_default_jsproperty, nullptr},
          {"via", nullptr, nullptr, nullptr, nullptr, via, napi_default_jsproperty, nullptr},
          {"dev", nullptr, nullptr, nullptr, nullptr, dev, napi_default_jsproperty, nullptr},
          {"oif", nullptr, nullptr, nullptr, nullptr, hasOif ? U32(e, oif) : undef, napi_default_jsproperty, nullptr},
          {"flags", nullptr, nullptr, nullptr, nullptr, flags, napi_default_jsproperty, nullptr},
          {"raw", nullptr, nullptr, nullptr, nullptr, raw, napi_default_jsproperty, nullptr},
      };
      napi_value obj;
      napi_create_object(e, &obj);
      napi_define_properties(e, obj, sizeof(props) / sizeof(props[0]), props);
      napi_set_element(e, result, count++, obj);
    }
    off += NLMSG_ALIGN(h.nlmsg_len);
  }
  return result;
}

}  // namespace

}  // namespace netns

namespace {
Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("encodeRouteAlt", Napi::Function::New(env, netns::EncodeRouteAlt, "encodeRouteAlt"));
  exports.Set("decodeRoutesAlt", Napi::Function::New(env, netns::DecodeRoutesAlt, "decodeRoutesAlt"));
  return exports;
}
}  // namespace

NODE_API_MODULE(route_codec_alt, Init)
