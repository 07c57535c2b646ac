import java.util.zip.*;
import java.nio.charset.StandardCharsets;
/** The document cache's packing (DocumentCache), alone: run with `java bench/PackedDocuments.java`; bench/RESULTS.md 2026-12-02. */
public class PackedDocuments {
  static String doc(int i){ return "{\"name\":\"bench-cube-"+i+"\",\"title\":\"Bench "+i+"\",\"connectionName\":\"bench\",\"source\":\"wikipedia\",\"dimensions\":[{\"name\":\"page\",\"title\":\"Page\",\"formula\":\"$page\",\"type\":\"STRING\"},{\"name\":\"countryIsoCode\",\"title\":\"Country Iso Code\",\"formula\":\"$countryIsoCode\",\"type\":\"STRING\"},{\"name\":\"cityName_1\",\"title\":\"City Name 1\",\"formula\":\"$cityName_1\",\"type\":\"STRING\"},{\"name\":\"__time\",\"title\":\"Time\",\"formula\":\"$__time\",\"type\":\"TIME\"}],\"measures\":[{\"name\":\"count\",\"title\":\"Count\",\"formula\":\"$main.sum($count)\"},{\"name\":\"added\",\"title\":\"Added\",\"formula\":\"$main.sum($added)\"},{\"name\":\"deleted\",\"title\":\"Deleted\",\"formula\":\"$main.sum($deleted)\"}],\"specialTimeDimension\":\"!NONE\",\"enforceTimeFilter\":false}"; }
  public static void main(String[] a) throws Exception {
    byte[] dict = doc(0).getBytes(StandardCharsets.UTF_8);
    for (boolean useDict : new boolean[]{false,true}) {
      Deflater d = new Deflater(Deflater.BEST_SPEED, true); Inflater inf = new Inflater(true);
      byte[] buf = new byte[4096]; byte[] out = new byte[4096]; long total=0; int n=0;
      long t0=0,t1=0,ti=0;
      for (int r=0;r<3;r++){ t0=System.nanoTime(); ti=0; total=0;
      for (int i=1;i<100000;i++){ byte[] in=doc(i).getBytes(StandardCharsets.UTF_8);
        d.reset(); if(useDict) d.setDictionary(dict); d.setInput(in); d.finish(); int len=d.deflate(buf); total+=len;
        long s=System.nanoTime(); inf.reset(); if(useDict) inf.setDictionary(dict); inf.setInput(buf,0,len); int m=inf.inflate(out); 
        String back = new String(out,0,m,StandardCharsets.UTF_8); ti+=System.nanoTime()-s; if(m!=in.length) throw new RuntimeException("len "+m);
      } t1=System.nanoTime(); }
      System.out.printf("dict=%s avg %d bytes, deflate+inflate %.2f us/doc, inflate %.2f us%n", useDict, total/99999, (t1-t0)/1e3/99999, ti/1e3/99999);
    }
  }
}
