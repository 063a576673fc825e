package dev.bulwark.apps;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleReader;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an app cannot reach at run time. Surefire patches this class into module {@code dev.bulwark.apps},
 * so to the JVM it is app code, with exactly the access the module descriptors give an app: whatever it is
 * refused here, every app is refused.
 *
 * <p>The objects a kernel hands an app are instances of kernel-side classes behind App API interfaces: a
 * {@code Sender} is an {@code OutPort}, a {@code Claim} an {@code OutPort.Writer}, a {@code Message} an
 * {@code InPort.Reader}, an {@code AppContext} a {@code Kernel.Context}. Those classes have more than the
 * interface (an {@code OutPort} knows its {@code Channel}, a {@code Kernel.Context} its {@code Kernel}), so
 * this test works on those very classes: the JVM checks access by class and by the caller's module, never
 * by instance, so what is refused on the class is refused on every object of it.
 */
class AppIsolationTest {
    private static final Module APP = AppIsolationTest.class.getModule();

    /** The packages of Bulwark's modules an app may use: the App API. */
    private static final Set<String> APP_API = Set.of("dev.bulwark.sandbox.app", "dev.bulwark.ipc", "dev.bulwark.hw.memory");

    /** Kernel-side classes, including the ones whose instances apps hold as App API interfaces. */
    private static final List<String> KERNEL_SIDE = List.of(
            "dev.bulwark.ipc.channel.Channel",
            "dev.bulwark.ipc.channel.OutPort",          // every Sender
            "dev.bulwark.ipc.channel.OutPort$Writer",   // every Claim
            "dev.bulwark.ipc.channel.InPort",
            "dev.bulwark.ipc.channel.InPort$Reader",    // every Message a handler is given
            "dev.bulwark.hw.core.Lease",
            "dev.bulwark.sandbox.kernel.Kernel",
            "dev.bulwark.sandbox.kernel.Kernel$Context", // every AppContext
            "dev.bulwark.sandbox.kernel.Boot",
            "dev.bulwark.hw.core.Core",
            "dev.bulwark.hw.core.Doorbell");

    @Test
    void thisTestRunsAsAppCode() {
        assertTrue(APP.isNamed(), "the tests must run on the module path, or nothing here is checked");
        assertEquals("dev.bulwark.apps", APP.getName());
    }

    @Test
    void ofBulwarksOtherPackagesAnAppSeesTheAppApiOnlyAndCanOpenNone() {
        Set<String> exportedToApps = new TreeSet<>();
        for (Module module : APP.getLayer().modules()) {
            if (module == APP || !module.getName().startsWith("dev.bulwark.")) {
                continue;
            }
            for (String pkg : module.getPackages()) {
                if (module.isExported(pkg, APP)) {
                    exportedToApps.add(pkg);
                }
                assertFalse(module.isOpen(pkg, APP), pkg + " is open to apps: they can reflect on its private members");
            }
        }
        assertEquals(new TreeSet<>(APP_API), exportedToApps);
    }

    @Test
    void kernelSideClassesLoadButEveryConstructorAndMethodIsRefused() throws Exception {
        for (String name : KERNEL_SIDE) {
            Class<?> type = Class.forName(name); // naming the class is allowed; using it is not
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (Executable member : members) {
                Object[] args = Stream.of(member.getParameterTypes()).map(AppIsolationTest::zero).toArray();
                if (member instanceof Constructor<?> c) {
                    assertThrows(IllegalAccessException.class, () -> c.newInstance(args), member::toString);
                    assertThrows(IllegalAccessException.class, () -> MethodHandles.lookup().unreflectConstructor(c), member::toString);
                } else {
                    Method m = (Method) member;
                    // The access check comes before the receiver's type is looked at, so any object stands in.
                    Object receiver = Modifier.isStatic(m.getModifiers()) ? null : new Object();
                    assertThrows(IllegalAccessException.class, () -> m.invoke(receiver, args), member::toString);
                    assertThrows(IllegalAccessException.class, () -> MethodHandles.lookup().unreflect(m), member::toString);
                }
            }
            assertThrows(IllegalAccessException.class, () -> MethodHandles.privateLookupIn(type, MethodHandles.lookup()), name);
        }
    }

    @Test
    void theEscapesAKernelSideObjectWouldOfferAreRefused() throws Exception {
        // sender.channel(): an OutPort's way to its Channel, whose producer() mints more senders.
        Method channel = Class.forName("dev.bulwark.ipc.channel.OutPort").getMethod("channel");
        assertThrows(IllegalAccessException.class, () -> channel.invoke(new Object()));
        // The kernel behind an AppContext, its inner class's link to the enclosing Kernel.
        Field kernel = Class.forName("dev.bulwark.sandbox.kernel.Kernel$Context").getDeclaredField("this$0");
        assertThrows(InaccessibleObjectException.class, () -> kernel.setAccessible(true));
        assertFalse(kernel.trySetAccessible());
    }

    @Test
    void noPrivateMemberOfAKernelSideClassOrOfAMemoryWindowCanBeMadeAccessible() throws Exception {
        List<String> names = new ArrayList<>(KERNEL_SIDE);
        // Exported so that apps can use their window, but not open: the window's segment and dirty-page map
        // (and through them the partition, and the partition's backing) stay out of reach.
        names.add("dev.bulwark.hw.memory.MemoryWindow");
        names.add("dev.bulwark.hw.memory.Partition");
        names.add("dev.bulwark.hw.memory.Backing");
        for (String name : names) {
            Class<?> type = Class.forName(name);
            List<AccessibleObject> members = new ArrayList<>(List.of(type.getDeclaredFields()));
            members.addAll(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (AccessibleObject member : members) {
                if (isPublicApi(type, member)) {
                    continue; // public members of an exported public class: the App API itself
                }
                assertThrows(InaccessibleObjectException.class, () -> member.setAccessible(true), member::toString);
            }
        }
    }

    /**
     * Every type an app can reach from the App API, through the return, parameter and field types of its
     * public members (generic arguments, supertypes and all): none may be a type the app cannot see. Adding,
     * say, {@code Channel channel()} to {@code Sender} would make it fail.
     */
    @Test
    void theAppApiLeadsToNoTypeAnAppCannotSee() throws IOException {
        Deque<Class<?>> toVisit = new ArrayDeque<>();
        for (Module module : APP.getLayer().modules()) {
            for (String pkg : module.getPackages()) {
                if (APP_API.contains(pkg)) {
                    toVisit.addAll(publicTypes(module, pkg));
                }
            }
        }
        assertTrue(toVisit.stream().anyMatch(t -> t.getName().equals("dev.bulwark.sandbox.app.AppContext")));
        Set<Class<?>> seen = new HashSet<>();
        Set<String> unreachable = new TreeSet<>();
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.pop();
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive() || !type.getName().startsWith("dev.bulwark.") || !seen.add(type)) {
                continue;
            }
            if (!type.getModule().isExported(type.getPackageName(), APP)) {
                unreachable.add(type.getName());
                continue;
            }
            List<Type> mentioned = new ArrayList<>();
            mentioned.add(type.getGenericSuperclass());
            mentioned.addAll(List.of(type.getGenericInterfaces()));
            bounds(type.getTypeParameters(), mentioned);
            for (Method m : type.getMethods()) {
                mentioned.add(m.getGenericReturnType());
                mentioned.addAll(List.of(m.getGenericParameterTypes()));
                bounds(m.getTypeParameters(), mentioned);
            }
            for (Constructor<?> c : type.getConstructors()) {
                mentioned.addAll(List.of(c.getGenericParameterTypes()));
            }
            for (Field f : type.getFields()) {
                mentioned.add(f.getGenericType());
            }
            mentioned.forEach(t -> addClasses(t, toVisit));
        }
        assertEquals(Set.of(), unreachable, "App API members lead to types apps cannot see");
    }

    @Test
    void appCodeCannotForgeAPointerToNativeMemory() throws Exception {
        // Only dev.bulwark.hw has native access. Without this refusal, an app could widen the segment it is
        // shown (AppDescriptor.state) or any address onto another sandbox's partition.
        MemorySegment somewhere = MemorySegment.ofAddress(4096);
        assertThrows(IllegalCallerException.class, () -> somewhere.reinterpret(8));
        assertThrows(IllegalCallerException.class, () -> System.loadLibrary("c"));
    }

    @Test
    void appCodeCannotReadKernelSideFieldsThroughSunMiscUnsafe() throws Exception {
        // jdk.unsupported opens sun.misc to everyone, so any code can get hold of the Unsafe; the tests run
        // with --sun-misc-unsafe-memory-access=deny, which makes its field offsets (and reads) refuse.
        Class<?> unsafeType = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeType.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Object unsafe = theUnsafe.get(null);
        Field channel = Class.forName("dev.bulwark.ipc.channel.OutPort").getDeclaredField("channel");
        Method objectFieldOffset = unsafeType.getMethod("objectFieldOffset", Field.class);
        InvocationTargetException refused = assertThrows(InvocationTargetException.class,
                () -> objectFieldOffset.invoke(unsafe, channel));
        assertInstanceOf(UnsupportedOperationException.class, refused.getCause());
    }

    private static boolean isPublicApi(Class<?> type, AccessibleObject member) {
        int modifiers = switch (member) {
            case Field f -> f.getModifiers();
            case Executable e -> e.getModifiers();
            default -> 0;
        };
        return Modifier.isPublic(type.getModifiers()) && Modifier.isPublic(modifiers)
                && type.getModule().isExported(type.getPackageName(), APP);
    }

    private static List<Class<?>> publicTypes(Module module, String pkg) throws IOException {
        var reference = module.getLayer().configuration().findModule(module.getName()).orElseThrow().reference();
        String prefix = pkg.replace('.', '/') + "/";
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = reference.open(); Stream<String> entries = reader.list()) {
            for (String entry : entries.toList()) {
                String rest = entry.startsWith(prefix) ? entry.substring(prefix.length()) : "";
                if (rest.endsWith(".class") && !rest.contains("/")) {
                    Class<?> type = Class.forName(module, pkg + "." + rest.substring(0, rest.length() - ".class".length()));
                    if (type != null && Modifier.isPublic(type.getModifiers())) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    private static void addClasses(Type type, Deque<Class<?>> into) {
        switch (type) {
            case null -> {
            }
            case Class<?> c -> into.add(c);
            case ParameterizedType p -> {
                addClasses(p.getRawType(), into);
                for (Type argument : p.getActualTypeArguments()) {
                    addClasses(argument, into);
                }
            }
            case GenericArrayType a -> addClasses(a.getGenericComponentType(), into);
            case WildcardType w -> {
                Stream.of(w.getUpperBounds()).forEach(t -> addClasses(t, into));
                Stream.of(w.getLowerBounds()).forEach(t -> addClasses(t, into));
            }
            default -> {
                // a type variable: its bounds are visited where it is declared (see bounds())
            }
        }
    }

    private static void bounds(TypeVariable<?>[] variables, List<Type> into) {
        for (TypeVariable<?> v : variables) {
            into.addAll(List.of(v.getBounds()));
        }
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return switch (type.getName()) {
            case "byte" -> (byte) 0;
            case "short" -> (short) 0;
            case "int" -> 0;
            case "long" -> 0L;
            case "float" -> 0f;
            default -> 0d;
        };
    }
}
