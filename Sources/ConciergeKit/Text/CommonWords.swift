/// Everyday English words that are never "corrected" into a shop word just because they are
/// absent from the catalog ("weather" must not become "whether", "flight" must not become
/// "light"), and that help split run-together words.
enum CommonWords {
    static let all: Set<String> = Set(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    private static let list = """
    a about above across act actually add after again against age ago agree air all almost alone along already \
    also although always am among an and angry animal another answer any anybody anyone anything anyway anywhere \
    apple april are area arm around arrive art as ask at august aunt autumn away baby back bad bag ball bank bar \
    base basketball be beach bear beautiful because become bed been beer before begin behind being believe below \
    best better between big bike bill bird birthday bit black blue board boat body book born both bottle bottom \
    box boy brain bread break breakfast bring brother brown build building bus business busy but buy by cake call \
    came camera can cannot capital car card care carry case cat catch cause cell centre century chair chance \
    change cheap check cheese chicken child children choose church city class clean clear clock close clothes \
    club coffee cold colour come company computer cook cool corner cost could country couple course cousin cover \
    crazy cream cricket cup current cut dad dance dark daughter day dead dear death december decide deep dinner \
    direction do doctor does dog doing done door down draw dream dress drink drive driver drop during each ear \
    early earth easy eat egg eight either election else end energy engine enough even evening event ever every \
    everybody everyone everything exam example except eye face fact fall family famous far farm fast father \
    favourite february feel few field fight film find fine finger finish fire first fish five flat flight floor \
    flower fly follow food foot football for forecast forest forget four free friday friend from front fruit full \
    fun funny future game garden gas gave get girl give glass go god going gold golf gone good got government \
    great green grey ground group grow guess guitar gun guy hair half hand happen happy hard has hat hate have \
    he head health hear heart heat heavy hello help her here hers high hill him his history hit hold holiday home \
    homework horse hospital hot hotel hour house how however huge human hundred hungry hurt husband i ice idea if \
    ill important in inside into is island it its january job join joke journey july jump june just keep key kid \
    kill kind king kitchen knew know lake land language large last late later laugh law lay lead learn least \
    leave left leg less lesson let letter lie life light like line lion list listen little live long look lose \
    lost lot loud love low lunch machine made main make man many map march market marry match math maths matter \
    may maybe me meal mean meat meet meeting member men middle might mile milk million mind minute miss mistake \
    model mom monday money monkey month moon more morning most mother mountain mouse mouth move movie much mum \
    music must my myself name nation near need neighbour never new news newspaper next nice night nine no nobody \
    noise none noon nor normal north nose not nothing november now number of off office often oh oil old on once \
    one only open or orange other our out outside over own page paint pair paper parent park part party pass \
    past pay peace pen pencil people perhaps person phone photo piano pick picture piece pig pink pizza place \
    plan plane plant play player please pocket poem point police politics pool poor popular possible pound power \
    prefer president pretty price prime problem program python question quick quiet quite race radio rain read \
    ready real really reason recipe red remember rest restaurant rice rich ride right ring river road rock room \
    round rule run sad said salt same saturday say school science score sea season second see seem sell send \
    september seven several shall she ship shoe shop short should show sick side sign since sing sister sit six \
    size sky sleep slow small smile snow so soccer some somebody someone something sometimes son song soon sorry \
    sound soup south space speak special spell spend sport spring stand star start station stay still stop story \
    street strong student study such sugar summer sun sunday supper sure swim table take talk tall taste taxi tea \
    teach teacher team tell temperature ten tennis test than thank that the their them then there these they \
    thing think third this those though thought three through thursday ticket till time tired to today together \
    tomorrow tonight too took top town toy traffic train translate travel tree trip trouble true try tuesday turn \
    tv twelve twenty two uncle under understand until up us use usually vacation very village visit voice wait \
    walk wall want war warm was wash watch water way we wear weather wednesday week weekend well went were west \
    what when where whether which while white who whole why wife will win wind window winter wish with without \
    woman women wonder word work world worry would write wrong year yellow yes yesterday yet you young your \
    yours zero actor album algebra answer app apps asdf band bitcoin calculate calculator capital celebrity chess \
    code coding compute crypto currency dinosaur equation exchange formula galaxy geography homework javascript \
    lyric lyrics meaning movies netflix olympics planet poems president recipes rugby sandwich sing singer \
    spotify stocks telescope translate universe vegan volcano weather wifi wikipedia
    """
}
