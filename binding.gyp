{
  "targets": [
    {
      "target_name": "netns-exec",
      "type": "executable",
      "sources": ["native/exec_helper.cc", "native/vrf_cgroup.cc"],
      "product_dir": "<(PRODUCT_DIR)/artifacts",
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra"],
      "defines": ["_GNU_SOURCE"]
    },
    {
      "target_name": "netns-cni-client",
      "type": "executable",
      "sources": ["native/cni_client.c"],
      "product_dir": "<(PRODUCT_DIR)/artifacts",
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-O2"],
      "defines": ["_GNU_SOURCE"]
    },
    {
      "target_name": "netns",
      "sources": [
        "native/addon.cc",
        "native/sys_error.cc",
        "native/errno_name.cc",
        "native/env_state.cc",
        "native/thread_in_netns.cc",
        "native/ns_promise_worker.cc",
        "native/ns_handle.cc",
        "native/ns_cookie.cc",
        "native/ns_lifecycle.cc",
        "native/netlink_socket.cc",
        "native/batch_sender.cc",
        "native/netlink_options.cc",
        "native/sysctl.cc",
        "native/nftables.cc",
        "native/inet_socket.cc",
        "native/tun.cc",
        "native/cni_server.cc",
        "native/cni_delegate.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Wno-missing-field-initializers"]
    }
  ]
}
