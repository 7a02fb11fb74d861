# Shared helpers so every component is declared the same way.

# Compiler warnings for one of our own targets (never for generated code).
function(k8slab_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    # GCC 12's libstdc++ trips its own -Wrestrict on `"text" + std::string` at -O2
    # (GCC bug 105329, fixed in 13): a false positive in optimised builds only.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(K8SLAB_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

# k8slab_add_library(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Declares the static library k8slab_<name> with the alias k8slab::<name>.
# The include root is the repository root, so headers are included as
# "core/<component>/<file>.h".
function(k8slab_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
    set(target k8slab_${name})
    add_library(${target} STATIC ${ARG_SOURCES})
    add_library(k8slab::${name} ALIAS ${target})
    target_include_directories(${target} PUBLIC
        $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
        $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>)
    target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    k8slab_set_warnings(${target})
endfunction()

# k8slab_add_test(<name> SOURCES ... DEPS ... [LABELS ...])
# A Qt Test executable registered with CTest under its own name.
function(k8slab_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test k8slab::test_support ${ARG_DEPS})
    k8slab_set_warnings(${name})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen"
        LABELS "${ARG_LABELS}")
endfunction()
